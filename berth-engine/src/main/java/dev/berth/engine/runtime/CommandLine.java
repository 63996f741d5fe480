package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The argv a container runs, combined from the image's and the request's Entrypoint and Cmd exactly as dockerd does
 * ({@code daemon/commit.go merge} then {@code getEntrypointAndArgs}): a request without Entrypoint keeps the image's
 * Entrypoint and, if it has no Cmd either, the image's Cmd; a request with an Entrypoint drops the image's Cmd; an
 * Entrypoint of {@code [""]} ({@code --entrypoint ""}) or {@code []} resets it to none. The result is
 * Entrypoint + Cmd.
 */
public record CommandLine(List<String> args) {
    public CommandLine {
        args = List.copyOf(args);
        if (args.isEmpty() || args.getFirst().isEmpty()) {
            throw BerthException.invalid("No command specified");
        }
    }

    public static CommandLine combine(Optional<List<String>> imageEntrypoint, Optional<List<String>> imageCmd,
            Optional<List<String>> entrypoint, Optional<List<String>> cmd) {
        List<String> entry;
        List<String> command;
        if (entrypoint.isEmpty()) {
            entry = imageEntrypoint.orElse(List.of());
            command = cmd.filter(c -> !c.isEmpty()).or(() -> imageCmd).orElse(List.of());
        } else {
            entry = isReset(entrypoint.get()) ? List.of() : entrypoint.get();
            command = cmd.orElse(List.of());
        }
        List<String> all = new ArrayList<>(entry);
        all.addAll(command);
        return new CommandLine(all);
    }

    private static boolean isReset(List<String> entrypoint) {
        return entrypoint.isEmpty() || entrypoint.equals(List.of(""));
    }
}
