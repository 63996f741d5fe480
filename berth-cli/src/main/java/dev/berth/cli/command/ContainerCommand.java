package dev.berth.cli.command;

import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code berth container}: manage containers; the same commands as the top-level ones docker has ({@code create},
 * {@code ls} and {@code run}, whose models are built in code, added by {@link #addSpecifiedCommands}).
 */
@Command(name = "container", description = "Manage containers", mixinStandardHelpOptions = true,
        subcommands = {AttachCommand.class, CommitCommand.class, CopyCommand.class,
                DiffCommand.class, ExecCommand.class, ExportCommand.class, ContainerInspectCommand.class,
                KillCommand.class, LogsCommand.class, PauseCommand.class,
                PortCommand.class, ContainerPruneCommand.class, RenameCommand.class, RestartCommand.class,
                RemoveCommand.class, StartCommand.class, StatsCommand.class, StopCommand.class,
                TopCommand.class, UnpauseCommand.class, UpdateCommand.class, WaitCommand.class})
public final class ContainerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Adds {@code create}, {@code ls} and {@code run} to {@code container}'s subcommands, all in name order as docker lists them. */
    public static void addSpecifiedCommands(CommandLine container) {
        Map<String, CommandLine> byName = new TreeMap<>();
        container.getSubcommands().values().forEach(sub -> byName.put(sub.getCommandName(), sub));
        byName.put("create", new CommandLine(new CreateCommand().spec()));
        byName.put("ls", new CommandLine(new ContainerListCommand().spec()));
        byName.put("run", new CommandLine(new RunCommand().spec()));
        byName.keySet().forEach(container.getCommandSpec()::removeSubcommand);
        byName.forEach(container::addSubcommand);
    }
}
