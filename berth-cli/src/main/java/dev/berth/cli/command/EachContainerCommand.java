package dev.berth.cli.command;

import dev.berth.cli.api.CliException;
import dev.berth.cli.api.DaemonException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Parameters;

/**
 * A command applied to each named container in turn, as docker's stop, kill, rm, pause…: each success prints its
 * line (the name as given), failures are listed together at the end, and the exit status is then 1.
 */
abstract class EachContainerCommand extends DaemonCommand {
    @Parameters(paramLabel = "CONTAINER", arity = "1..*")
    List<String> containers = new ArrayList<>();

    /** The containers named; a command whose model is built in code reads them from its {@link #containersParameter}. */
    List<String> containers() {
        return containers;
    }

    /** {@code CONTAINER [CONTAINER...]}, for a command whose model is built in code. */
    static PositionalParamSpec containersParameter() {
        return PositionalParamSpec.builder().paramLabel("CONTAINER").arity("1..*").required(true).type(List.class)
                .auxiliaryTypes(String.class).build();
    }

    /** Acts on one container; returns the line to print. */
    abstract String apply(String container);

    /** Whether a failure is only reported, not failed on ({@code rm -f} of a container that is gone). */
    boolean ignored(DaemonException e) {
        return false;
    }

    /** A closing line after the errors, e.g. {@code Error: failed to start containers: a, b}. */
    Optional<String> summary(List<String> failed) {
        return Optional.empty();
    }

    @Override
    final int run() {
        List<String> errors = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (String c : containers()) {
            try {
                out().println(apply(c));
            } catch (DaemonException e) {
                errors.add(e.getMessage());
                if (!ignored(e)) {
                    failed.add(c);
                }
            }
        }
        if (!failed.isEmpty()) {
            out().flush();
            summary(failed).ifPresent(errors::add);
            throw new CliException(String.join("\n", errors));
        }
        if (!errors.isEmpty()) {
            out().flush();
            err().println(String.join("\n", errors));
        }
        return 0;
    }

    static String path(String container) {
        return "/containers/" + container;
    }
}
