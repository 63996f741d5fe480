package dev.berth.cli.command;

import dev.berth.cli.api.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.CliException;
import dev.berth.cli.api.DaemonException;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import dev.berth.cli.output.JsonIndent;
import dev.berth.cli.output.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth image inspect} (and {@code berth inspect}): {@code GET /images/{name}/json} for each name, printed
 * as docker does — the daemon's JSON kept verbatim and indented in one array, or one template line per image.
 * Errors are listed after whatever was found; the exit status is then 1.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Display detailed information on one or more images")
public final class ImageInspectCommand extends DaemonCommand {
    @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format output using a custom template")
    String format;

    @Option(names = "--type", paramLabel = "string", description = "Only inspect objects of the given type (image)")
    String type;

    @Parameters(paramLabel = "IMAGE", arity = "1..*")
    List<String> images;

    @Override
    int run() {
        boolean topLevel = spec.parent() != null && spec.parent().parent() == null;
        if (type != null && !type.equals("image")) {
            throw new CliException("\"" + type + "\" is not a valid value for --type", 1, null);
        }
        List<String> raws = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String image : images) {
            try (HttpResponse r = client().send("GET", ImagePaths.of(image) + "/json", Query.empty())) {
                raws.add(r.readString());
            } catch (DaemonException e) {
                errors.add(topLevel && e.status() == 404 ? "Error: No such object: " + image : e.getMessage());
            }
        }
        if (format == null || format.isEmpty()) {
            out().println(raws.isEmpty() ? "[]" : JsonIndent.indent("[" + String.join(",", raws) + "]", "    "));
        } else {
            Template template = Template.parse(format);
            StringBuilder text = new StringBuilder();
            for (String raw : raws) {
                text.append(template.execute(parse(raw))).append('\n');
            }
            // docker's template inspector ends with a newline even when nothing was found
            out().print(text.isEmpty() ? "\n" : text);
        }
        if (!errors.isEmpty()) {
            out().flush();
            throw new CliException(String.join("\n", errors));
        }
        return 0;
    }

    private static JsonNode parse(String raw) {
        try {
            return JsonTrees.parse(raw.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("read image inspect answer", e);
        }
    }
}
