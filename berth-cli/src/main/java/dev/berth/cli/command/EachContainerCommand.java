package dev.berth.cli.command;

import dev.berth.cli.api.CliException;
import dev.berth.cli.api.DaemonException;
import dev.berth.cli.api.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command applied to each named container in turn, as docker's stop, kill, rm, pause…: each success prints its
 * line (the name as given), failures are listed together at the end, and the exit status is then 1.
 */
abstract class EachContainerCommand extends DaemonCommand implements SpecifiedCommand {
    /** stop's, restart's and kill's {@code -s}. */
    static final Flag SIGNAL =
            new Flag(Flag.Kind.STRING, "string", "Signal to send to the container", "-s", "--signal");
    /** stop's and restart's {@code -t}. */
    static final Flag TIMEOUT = new Flag(Flag.Kind.INT, "int", "Seconds to wait before killing the container", "-t",
            "--timeout", "--time");

    /**
     * The model, built in code (see {@link SpecifiedCommand}): the command's name, description and flags, then
     * {@code CONTAINER [CONTAINER...]}.
     */
    CommandSpec specified(String name, String description, List<Flag> flags) {
        spec = SpecifiedCommand.model(this, name, description, flags);
        spec.addPositional(SpecifiedCommand.values("CONTAINER"));
        return spec;
    }

    /** The containers named. */
    private List<String> containers() {
        List<String> named = spec.positionalParameters().getFirst().getValue();
        return named == null ? List.of() : named;
    }

    /** stop's and restart's query: the signal and the timeout when given. */
    Query stopQuery() {
        Query q = Query.empty();
        String signal = SIGNAL.string(spec);
        if (signal != null && !signal.isEmpty()) {
            q = q.with("signal", signal);
        }
        Optional<Integer> timeout = TIMEOUT.integer(spec);
        if (timeout.isPresent()) {
            q = q.with("t", timeout.get().toString());
        }
        return q;
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
