package dev.berth.cli.command;

import dev.berth.cli.api.CliException;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import dev.berth.cli.output.Terminal;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code berth save [-o FILE] IMAGE...}: {@code GET /images/get?names=…} streamed to a file (written beside it,
 * then renamed, so a failed save leaves nothing) or to a redirected standard output.
 */
public final class SaveCommand extends DaemonCommand implements SpecifiedCommand {
    private static final Flag OUTPUT =
            new Flag(Flag.Kind.STRING, "string", "Write to a file, instead of STDOUT", "-o", "--output");
    private static final Flag PLATFORM =
            new Flag(Flag.Kind.LIST, "string", "Save only the given platform variant", "--platform");

    Path output;
    List<String> platforms;
    List<String> images;

    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "save",
                "Save one or more images to a tar archive (streamed to STDOUT by default)", List.of(OUTPUT, PLATFORM));
        spec.addPositional(SpecifiedCommand.values("IMAGE"));
        return spec;
    }

    private void readFlags() {
        String file = OUTPUT.string(spec);
        output = file == null ? null : Path.of(file);
        platforms = PLATFORM.strings(spec);
        images = spec.positionalParameters().getFirst().getValue();
    }

    @Override
    int run() {
        readFlags();
        if (output == null && Terminal.stdoutIsTerminal()) {
            throw new CliException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }
        Query query = Query.empty();
        for (String image : images) {
            query = query.with("names", image);
        }
        if (platforms != null) {
            for (String p : platforms) {
                query = query.with("platform", PlatformJson.of(p));
            }
        }
        try (HttpResponse r = client().send("GET", "/images/get", query)) {
            if (output == null) {
                copy(r.body(), new FileOutputStream(java.io.FileDescriptor.out));
            } else {
                writeFile(r.body(), output);
            }
        } catch (IOException e) {
            throw new CliException("failed to save image: " + e.getMessage(), 1, e);
        }
        return 0;
    }

    private static void writeFile(InputStream in, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, ".docker_temp_", "");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                in.transferTo(out);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        in.transferTo(out);
        out.flush();
    }
}
