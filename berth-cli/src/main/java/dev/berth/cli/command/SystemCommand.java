package dev.berth.cli.command;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code berth system}: manage the daemon. */
@Command(name = "system", description = "Manage Berth", subcommands = {SystemDfCommand.class, InfoCommand.class, EventsCommand.class},
        mixinStandardHelpOptions = true)
public final class SystemCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
