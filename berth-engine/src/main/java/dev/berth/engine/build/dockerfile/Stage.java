package dev.berth.engine.build.dockerfile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One build stage: its FROM, and the instructions up to the next FROM. {@code index} counts from 0. */
public record Stage(int index, Instruction.From from, List<Instruction> instructions) {
    public Stage {
        Objects.requireNonNull(from, "from");
        instructions = List.copyOf(instructions);
    }

    public Optional<String> name() {
        return from.name();
    }
}
