package dev.berth.cli.command;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code berth container}: manage containers; the same commands as the top-level ones docker has ({@code create},
 * {@code ls}, {@code rm}, {@code run}, {@code stop}… whose models are built in code, added by
 * {@link #addSpecifiedCommands}).
 */
@Command(name = "container", description = "Manage containers", mixinStandardHelpOptions = true,
        subcommands = {AttachCommand.class, CommitCommand.class, CopyCommand.class,
                DiffCommand.class, ExecCommand.class, ExportCommand.class, ContainerInspectCommand.class,
                PortCommand.class, ContainerPruneCommand.class, RenameCommand.class,
                StartCommand.class, StatsCommand.class, TopCommand.class, UpdateCommand.class})
public final class ContainerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Adds the commands whose models are built in code to {@code container}'s subcommands, in name order. */
    public static void addSpecifiedCommands(CommandLine container) {
        Map<String, CommandLine> specified = new HashMap<>();
        for (SpecifiedCommand command : List.of(new CreateCommand(), new KillCommand(), new LogsCommand(),
                new ContainerListCommand(),
                new PauseCommand(), new RestartCommand(), new RemoveCommand(), new RunCommand(), new StopCommand(),
                new UnpauseCommand(), new WaitCommand())) {
            CommandLine cl = new CommandLine(command.spec());
            specified.put(cl.getCommandName(), cl);
        }
        SpecifiedCommand.addInNameOrder(container, specified);
    }
}
