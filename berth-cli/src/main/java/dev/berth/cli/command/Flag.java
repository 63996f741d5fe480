package dev.berth.cli.command;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A flag of a command whose picocli model is built in code rather than read from annotations (see
 * {@link SpecifiedCommand}): its kind, value label, help text and names, the first name its key.
 */
public record Flag(Kind kind, String label, String description, String... names) {
    /** What a flag takes. */
    public enum Kind {
        /** a value; repeated, the last one */
        STRING,
        /** no value: present or not */
        FLAG,
        /** an optional {@code =false}, true when absent, as docker's {@code --sig-proxy} */
        FLAG_DEFAULT_TRUE,
        /** a value, repeatable: all of them in order */
        LIST,
        /** a whole number, refused with picocli's wording otherwise */
        INT
    }

    public Flag {
        if (names.length == 0) {
            throw new IllegalArgumentException("a flag needs a name");
        }
        names = names.clone();
    }

    public String key() {
        return names[0];
    }

    /** The picocli option: values kept in the option itself and read back with {@link OptionSpec#getValue()}. */
    public OptionSpec option() {
        OptionSpec.Builder b = OptionSpec.builder(names).description(description);
        if (!label.isEmpty()) {
            b.paramLabel(label);
        }
        return switch (kind) {
            case STRING -> b.type(String.class).build();
            case FLAG -> b.type(boolean.class).build();
            case FLAG_DEFAULT_TRUE -> b.type(boolean.class).arity("0..1").defaultValue("true").build();
            case LIST -> b.type(List.class).auxiliaryTypes(String.class).build();
            case INT -> b.type(int.class).build();
        };
    }

    /**
     * The option named {@code name} (with its dashes) in {@code spec}, from picocli's map of names: picocli's
     * {@code findOption} instead walks every option and interpolates each one's names, so reading a command's flags
     * that way took time in the square of their number (run's 60: a tenth of its CPU time).
     */
    public static OptionSpec option(CommandSpec spec, String name) {
        OptionSpec option = spec.optionsMap().get(name);
        if (option == null) {
            throw new IllegalArgumentException("no flag " + name + " in " + spec.qualifiedName());
        }
        return option;
    }

    /** A {@link Kind#FLAG}'s state in {@code spec}, parsed. */
    public boolean isSet(CommandSpec spec) {
        return Boolean.TRUE.equals(option(spec, key()).getValue());
    }

    /** A {@link Kind#STRING}'s value in {@code spec}, parsed; null when absent. */
    public String string(CommandSpec spec) {
        return option(spec, key()).getValue();
    }

    /** A {@link Kind#LIST}'s values in {@code spec}, parsed, in order. */
    public List<String> strings(CommandSpec spec) {
        List<String> values = option(spec, key()).getValue();
        return values == null ? List.of() : List.copyOf(values);
    }

    /** A {@link Kind#INT}'s value in {@code spec}, parsed, if given. */
    public Optional<Integer> integer(CommandSpec spec) {
        OptionSpec option = option(spec, key());
        Integer value = option.getValue();
        return spec.commandLine().getParseResult().hasMatchedOption(option) ? Optional.ofNullable(value)
                : Optional.empty();
    }
}
