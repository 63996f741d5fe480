package dev.berth.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code berth image}: manage images; the same commands as the top-level aliases docker has ({@code ls}, whose model
 * is built in code, added by {@link #addSpecifiedCommands}).
 */
@Command(name = "image", description = "Manage images", mixinStandardHelpOptions = true,
        subcommands = {ImageTreeCommand.class, HistoryCommand.class, ImportCommand.class, ImageInspectCommand.class,
                LoadCommand.class,
                ImagePruneCommand.class, PullCommand.class, PushCommand.class,
                ImageRemoveCommand.class, SaveCommand.class, TagCommand.class})
public final class ImageCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Adds {@code ls}, whose model is built in code, to {@code image}'s subcommands, after {@code load} as listed. */
    public static void addSpecifiedCommands(CommandLine image) {
        Map<String, CommandLine> inOrder = new LinkedHashMap<>();
        image.getSubcommands().values().forEach(sub -> {
            inOrder.put(sub.getCommandName(), sub);
            if (sub.getCommandName().equals("load") && !inOrder.containsKey("ls")) {
                inOrder.put("ls", new CommandLine(new ImageListCommand().spec()));
            }
        });
        inOrder.keySet().forEach(image.getCommandSpec()::removeSubcommand);
        inOrder.forEach(image::addSubcommand);
    }
}
