package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/** Reads what conmon records when a container exits: {@code exit/ID} (the code) and {@code persist/oom}. */
final class ExitFiles {
    private ExitFiles() {}

    static Optional<ExitStatus> read(ContainerDirs dirs) {
        try {
            String text = Files.readString(dirs.exitFile(), StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                // conmon creates the file, then writes it: seen in between, the code is not known yet.
                return Optional.empty();
            }
            int code = Integer.parseInt(text);
            boolean oom = Files.exists(dirs.persist().resolve("oom"));
            return Optional.of(new ExitStatus(code & 0xff, oom,
                    Files.getLastModifiedTime(dirs.exitFile()).toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw BerthException.io("read exit code of container " + dirs.id(), e);
        } catch (NumberFormatException e) {
            throw BerthException.corrupted("exit code of container " + dirs.id() + ": " + e.getMessage());
        }
    }
}
