package dev.berth.cli.command;

import dev.berth.cli.BerthMain;
import dev.berth.cli.api.CliException;
import dev.berth.cli.api.EngineClient;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.reference.Reference;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to the daemon: the shared connection, output streams, and reference parsing. */
abstract class DaemonCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    BerthMain root() {
        return (BerthMain) spec.root().userObject();
    }

    EngineClient client() {
        return root().client();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Parses a reference as docker does, failing with docker's "invalid reference format…" message. */
    static Reference reference(String text) {
        try {
            return Reference.parse(text);
        } catch (BerthException e) {
            throw new CliException(e.getMessage());
        }
    }

    @Override
    public final Integer call() {
        int exit = run();
        out().flush();
        return exit;
    }

    abstract int run();
}
