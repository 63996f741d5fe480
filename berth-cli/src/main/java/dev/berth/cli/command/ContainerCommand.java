package dev.berth.cli.command;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code berth container}: manage containers; the same commands as the top-level ones docker has ({@code create},
 * {@code ls}, {@code rm}, {@code run}, {@code stop}… whose models are built in code, added by
 * {@link #addSpecifiedCommands}).
 */
@Command(name = "container", description = "Manage containers", mixinStandardHelpOptions = true,
        subcommands = {CommitCommand.class, DiffCommand.class, ExportCommand.class, ContainerInspectCommand.class,
                PortCommand.class, ContainerPruneCommand.class, RenameCommand.class, StatsCommand.class,
                TopCommand.class, UpdateCommand.class})
public final class ContainerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Adds the commands whose models are built in code to {@code container}'s subcommands, in name order. */
    public static void addSpecifiedCommands(CommandLine container) {
        SpecifiedCommand.addInNameOrder(container, SpecifiedCommand.commandLines(List.of(new AttachCommand(),
                new CopyCommand(), new CreateCommand(), new ExecCommand(), new KillCommand(), new LogsCommand(),
                new ContainerListCommand(), new PauseCommand(), new RestartCommand(), new RemoveCommand(),
                new RunCommand(), new StartCommand(), new StopCommand(), new UnpauseCommand(), new WaitCommand())));
    }
}
