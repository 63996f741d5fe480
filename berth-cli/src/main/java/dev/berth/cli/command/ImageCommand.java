package dev.berth.cli.command;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code berth image}: manage images; the same commands as the top-level aliases docker has ({@code ls}, {@code pull},
 * {@code rm}, {@code tag}, {@code history}, {@code push}, {@code load} and {@code save}, whose models are built in
 * code, added by {@link #addSpecifiedCommands}).
 */
@Command(name = "image", description = "Manage images", mixinStandardHelpOptions = true,
        subcommands = {ImageTreeCommand.class, ImportCommand.class, ImageInspectCommand.class,
                ImagePruneCommand.class})
public final class ImageCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The subcommands in the order {@code image --help} lists them. */
    private static final List<String> ORDER = List.of("tree", "history", "import", "inspect", "load", "ls", "prune",
            "pull", "push", "rm", "save", "tag");

    /** Adds the commands whose models are built in code to {@code image}'s subcommands, in {@link #ORDER}. */
    public static void addSpecifiedCommands(CommandLine image) {
        Map<String, CommandLine> byName = new HashMap<>();
        image.getSubcommands().values().forEach(sub -> byName.put(sub.getCommandName(), sub));
        byName.putAll(SpecifiedCommand.commandLines(List.of(new HistoryCommand(), new ImageListCommand(),
                new LoadCommand(), new PullCommand(), new PushCommand(), new ImageRemoveCommand(), new SaveCommand(),
                new TagCommand())));
        byName.keySet().forEach(image.getCommandSpec()::removeSubcommand);
        ORDER.forEach(name -> image.addSubcommand(name, byName.get(name)));
    }
}
