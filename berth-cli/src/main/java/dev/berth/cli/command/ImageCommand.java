package dev.berth.cli.command;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code berth image}: manage images; the same commands as the top-level aliases docker has. */
@Command(name = "image", description = "Manage images", mixinStandardHelpOptions = true,
        subcommands = {ImageTreeCommand.class, HistoryCommand.class, ImportCommand.class, ImageInspectCommand.class,
                LoadCommand.class,
                ImageListCommand.class, ImagePruneCommand.class, PullCommand.class, PushCommand.class,
                ImageRemoveCommand.class, SaveCommand.class, TagCommand.class})
public final class ImageCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
