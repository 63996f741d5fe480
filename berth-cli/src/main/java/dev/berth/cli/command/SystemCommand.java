package dev.berth.cli.command;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code berth system}: manage the daemon ({@code info} and {@code events}, whose models are built in code, added by
 * {@link #addSpecifiedCommands}).
 */
@Command(name = "system", description = "Manage Berth", subcommands = SystemDfCommand.class,
        mixinStandardHelpOptions = true)
public final class SystemCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Adds the commands whose models are built in code to {@code system}'s subcommands, after {@code df}. */
    public static void addSpecifiedCommands(CommandLine system) {
        system.addSubcommand("info", new CommandLine(new InfoCommand().spec()));
        system.addSubcommand("events", new CommandLine(new EventsCommand().spec()));
    }
}
