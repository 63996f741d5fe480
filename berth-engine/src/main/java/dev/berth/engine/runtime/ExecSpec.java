package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import java.util.List;
import java.util.Optional;

/**
 * A process to run in a running container (Docker's exec create request): its arguments, extra environment (over the
 * container's), user ({@code -u}, resolved in the container's root file system) and working directory (else the
 * container's), whether it gets a terminal and an open stdin, and whether it runs privileged.
 *
 * @param consoleSize the terminal's initial height and width, when {@code tty}
 */
public record ExecSpec(List<String> args, List<String> env, Optional<String> user, Optional<String> workingDir,
        boolean tty, boolean stdin, boolean privileged, Optional<int[]> consoleSize) {
    public ExecSpec {
        args = List.copyOf(args);
        env = List.copyOf(env);
        if (args.isEmpty()) {
            throw BerthException.invalid("No exec command specified");
        }
        workingDir.ifPresent(w -> {
            if (!w.isEmpty() && !w.startsWith("/")) {
                throw BerthException.invalid("the working directory '" + w + "' is invalid, it needs to be an"
                        + " absolute path");
            }
        });
    }

    /** {@code args} as the container's user, in its working directory, without terminal or stdin. */
    public static ExecSpec of(List<String> args) {
        return new ExecSpec(args, List.of(), Optional.empty(), Optional.empty(), false, false, false,
                Optional.empty());
    }

    public ExecSpec withTty(boolean t) {
        return new ExecSpec(args, env, user, workingDir, t, stdin, privileged, consoleSize);
    }

    public ExecSpec withStdin(boolean s) {
        return new ExecSpec(args, env, user, workingDir, tty, s, privileged, consoleSize);
    }

    public ExecSpec withEnv(List<String> e) {
        return new ExecSpec(args, e, user, workingDir, tty, stdin, privileged, consoleSize);
    }

    public ExecSpec withUser(String u) {
        return new ExecSpec(args, env, Optional.of(u), workingDir, tty, stdin, privileged, consoleSize);
    }

    public ExecSpec withWorkingDir(String w) {
        return new ExecSpec(args, env, user, Optional.of(w), tty, stdin, privileged, consoleSize);
    }
}
