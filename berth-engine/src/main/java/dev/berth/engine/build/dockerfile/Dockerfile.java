package dev.berth.engine.build.dockerfile;

import dev.berth.oci.error.BerthException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed Dockerfile: its directives, the ARGs before the first FROM (usable in FROM lines, and inside a stage once
 * declared again there), and its stages.
 */
public record Dockerfile(Directives directives, List<Instruction.Arg> metaArgs, List<Stage> stages) {
    public Dockerfile {
        metaArgs = List.copyOf(metaArgs);
        stages = List.copyOf(stages);
    }

    /** Parses and interprets {@code text}. */
    public static Dockerfile parse(String text) {
        return InstructionParser.parse(DockerfileParser.parse(text));
    }

    /** The stage named {@code name} (case-insensitive, as docker) or with that index. */
    public Optional<Stage> stage(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Stage s : stages) {
            if (s.name().map(n -> n.equals(lower)).orElse(false)) {
                return Optional.of(s);
            }
        }
        if (lower.matches("\\d+")) {
            try {
                int i = Integer.parseInt(lower);
                return i < stages.size() ? Optional.of(stages.get(i)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The stage {@code --target} names: docker's {@code failed to reach build target X in Dockerfile}. */
    public Stage target(Optional<String> target) {
        if (stages.isEmpty()) {
            throw BerthException.invalid("no build stage in current context");
        }
        if (target.isEmpty() || target.get().isEmpty()) {
            return stages.getLast();
        }
        String lower = target.get().toLowerCase(Locale.ROOT);
        return stages.stream().filter(s -> s.name().map(lower::equals).orElse(false)).findFirst()
                .orElseThrow(() -> BerthException.invalid("failed to reach build target " + target.get()
                        + " in Dockerfile"));
    }
}
