package dev.berth.cli.command;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code berth container}: manage containers; the same commands as the top-level ones docker has ({@code create},
 * {@code ls}, {@code rm} and {@code run}, whose models are built in code, added by {@link #addSpecifiedCommands}).
 */
@Command(name = "container", description = "Manage containers", mixinStandardHelpOptions = true,
        subcommands = {AttachCommand.class, CommitCommand.class, CopyCommand.class,
                DiffCommand.class, ExecCommand.class, ExportCommand.class, ContainerInspectCommand.class,
                KillCommand.class, LogsCommand.class, PauseCommand.class,
                PortCommand.class, ContainerPruneCommand.class, RenameCommand.class, RestartCommand.class,
                StartCommand.class, StatsCommand.class, StopCommand.class,
                TopCommand.class, UnpauseCommand.class, UpdateCommand.class, WaitCommand.class})
public final class ContainerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Adds the commands whose models are built in code to {@code container}'s subcommands, in name order. */
    public static void addSpecifiedCommands(CommandLine container) {
        SpecifiedCommand.addInNameOrder(container, Map.of("create", new CommandLine(new CreateCommand().spec()),
                "ls", new CommandLine(new ContainerListCommand().spec()),
                "rm", new CommandLine(new RemoveCommand().spec()),
                "run", new CommandLine(new RunCommand().spec())));
    }
}
