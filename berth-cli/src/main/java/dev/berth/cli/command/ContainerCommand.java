package dev.berth.cli.command;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code berth container}: manage containers; the same commands as the top-level ones docker has. */
@Command(name = "container", description = "Manage containers", mixinStandardHelpOptions = true,
        subcommands = {AttachCommand.class, CommitCommand.class, CopyCommand.class, CreateCommand.class,
                DiffCommand.class, ExecCommand.class, ExportCommand.class, ContainerInspectCommand.class,
                KillCommand.class, LogsCommand.class, ContainerListCommand.class, PauseCommand.class,
                PortCommand.class, ContainerPruneCommand.class, RenameCommand.class, RestartCommand.class,
                RemoveCommand.class, RunCommand.class, StartCommand.class, StatsCommand.class, StopCommand.class,
                TopCommand.class, UnpauseCommand.class, UpdateCommand.class, WaitCommand.class})
public final class ContainerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
