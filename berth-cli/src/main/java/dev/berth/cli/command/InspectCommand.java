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
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code berth inspect NAME|ID...}: each object looked up as docker does — a container, else an image, else a
 * network, else a volume (or only the {@code --type} given) — printed as one indented JSON array of the daemon's
 * answers, or one template line each. Unknown names are reported after the rest ({@code No such object}).
 */
public final class InspectCommand extends DaemonCommand implements SpecifiedCommand {
    private static final List<String> TYPES = List.of("container", "image", "network", "volume");
    private static final Flag FORMAT =
            new Flag(Flag.Kind.STRING, "string", "Format output using a custom template", "-f", "--format");
    private static final Flag SIZE =
            new Flag(Flag.Kind.FLAG, "", "Display total file sizes if the type is container", "-s", "--size");
    private static final Flag TYPE =
            new Flag(Flag.Kind.STRING, "string", "Only inspect objects of the given type", "--type");

    String format;
    boolean size;
    String type;
    List<String> names;

    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "inspect", "Return low-level information on Docker objects",
                List.of(FORMAT, SIZE, TYPE));
        spec.addPositional(SpecifiedCommand.values("NAME|ID"));
        return spec;
    }

    private void readFlags() {
        format = FORMAT.string(spec);
        size = SIZE.isSet(spec);
        type = TYPE.string(spec);
        names = spec.positionalParameters().getFirst().getValue();
    }

    @Override
    int run() {
        readFlags();
        if (type != null && !type.isEmpty() && !TYPES.contains(type)) {
            throw new CliException("\"" + type + "\" is not a valid value for --type");
        }
        List<String> raws = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            Optional<String> found = Optional.empty();
            for (String t : TYPES) {
                if (type == null || type.isEmpty() || type.equals(t)) {
                    found = lookup(t, name);
                    if (found.isPresent()) {
                        break;
                    }
                }
            }
            found.ifPresentOrElse(raws::add, () -> errors.add("Error: No such object: " + name));
        }
        print(this, format, raws, errors);
        return 0;
    }

    private Optional<String> lookup(String t, String name) {
        String path = switch (t) {
            case "container" -> "/containers/" + name + "/json" + Query.empty().flag("size", size);
            case "image" -> ImagePaths.of(name) + "/json";
            case "network" -> "/networks/" + name;
            default -> "/volumes/" + name;
        };
        try (HttpResponse r = client().send("GET", path, Query.empty())) {
            return Optional.of(r.readString());
        } catch (DaemonException e) {
            if (e.status() == 404 || e.status() == 400) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** docker's inspect output: the JSON array (4-space indent), or the template once per object. */
    static void print(DaemonCommand command, String format, List<String> raws, List<String> errors) {
        if (format == null || format.isEmpty()) {
            command.out().println(raws.isEmpty() ? "[]" : JsonIndent.indent("[" + String.join(",", raws) + "]", "    "));
        } else {
            Template template = Template.parse(format);
            StringBuilder text = new StringBuilder();
            for (String raw : raws) {
                text.append(template.execute(parse(raw))).append('\n');
            }
            // docker's template inspector ends with a newline even when nothing was found
            command.out().print(text.isEmpty() ? "\n" : text);
        }
        if (!errors.isEmpty()) {
            command.out().flush();
            throw new CliException(String.join("\n", errors));
        }
    }

    private static JsonNode parse(String raw) {
        try {
            return JsonTrees.parse(raw.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("read inspect answer", e);
        }
    }
}
