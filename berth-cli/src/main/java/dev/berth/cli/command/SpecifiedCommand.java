package dev.berth.cli.command;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A command whose picocli model is built in code: reading a command's annotations (parsing them, generating a proxy
 * class per annotation type) is most of a short-lived CLI's start, so the root and most commands — {@code run},
 * {@code create}, {@code exec}, {@code build}, {@code cp}… — describe their flags as {@link Flag}s instead, read back
 * with {@link Flag#option}.
 */
public interface SpecifiedCommand {
    /** This command's model, its user object this command. */
    CommandSpec spec();

    /** picocli's {@code mixinStandardHelpOptions}: {@code -h}/{@code --help} and {@code -V}/{@code --version}. */
    static void addStandardHelpOptions(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
    }

    /**
     * The model of {@code command}: its name and description, the standard help options, then {@code flags}.
     */
    static CommandSpec model(Object command, String name, String description, List<Flag> flags) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.usageMessage().description(description);
        addStandardHelpOptions(spec);
        flags.forEach(flag -> spec.addOption(flag.option()));
        return spec;
    }

    /** A required positional parameter taking one value or more, e.g. {@code CONTAINER [CONTAINER...]}. */
    static PositionalParamSpec values(String label) {
        return PositionalParamSpec.builder().paramLabel(label).arity("1..*").required(true).type(List.class)
                .auxiliaryTypes(String.class).build();
    }

    /** A required positional parameter taking one value, e.g. {@code CONTAINER}. */
    static PositionalParamSpec value(String label) {
        return PositionalParamSpec.builder().paramLabel(label).arity("1").required(true).type(String.class).build();
    }

    /** A command line for each of {@code commands}, by its name. */
    static Map<String, CommandLine> commandLines(List<SpecifiedCommand> commands) {
        Map<String, CommandLine> byName = new HashMap<>();
        for (SpecifiedCommand command : commands) {
            CommandLine cl = new CommandLine(command.spec());
            byName.put(cl.getCommandName(), cl);
        }
        return byName;
    }

    /** Adds {@code commands} to {@code group}'s subcommands, all in name order as docker lists them. */
    static void addInNameOrder(CommandLine group, Map<String, CommandLine> commands) {
        Map<String, CommandLine> byName = new TreeMap<>();
        group.getSubcommands().values().forEach(sub -> byName.put(sub.getCommandName(), sub));
        byName.putAll(commands);
        byName.keySet().forEach(group.getCommandSpec()::removeSubcommand);
        byName.forEach(group::addSubcommand);
    }
}
