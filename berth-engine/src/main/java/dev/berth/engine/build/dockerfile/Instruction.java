package dev.berth.engine.build.dockerfile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Dockerfile instruction with its arguments interpreted (buildkit's {@code instructions} package), still
 * unexpanded: variables are replaced when the builder runs it, with the build arguments and environment of its
 * stage. Every instruction keeps its {@link Node} for the step text and line numbers.
 */
public sealed interface Instruction {
    Node node();

    /** The instruction as the build output shows it: {@code RUN echo hi}, continuations joined. */
    default String text() {
        return node().original().strip();
    }

    /** One {@code name=value} of ENV or LABEL. */
    record KeyValue(String key, String value) {
        public KeyValue {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** One name of ARG with its default. */
    record ArgDecl(String name, Optional<String> defaultValue) {
        public ArgDecl {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(defaultValue, "defaultValue");
        }
    }

    record From(Node node, String image, Optional<String> name, Optional<String> platform) implements Instruction {}

    /** RUN; {@code shellForm} commands run through the stage's SHELL. */
    record Run(Node node, List<String> command, boolean shellForm, List<Heredoc> heredocs) implements Instruction {
        public Run {
            command = List.copyOf(command);
            heredocs = List.copyOf(heredocs);
        }
    }

    /** COPY, or ADD when {@code add}: sources (here-document names among them) to {@code dest}. */
    record Copy(Node node, boolean add, List<String> sources, String dest, Optional<String> from,
            Optional<String> chown, Optional<String> chmod, List<Heredoc> heredocs) implements Instruction {
        public Copy {
            sources = List.copyOf(sources);
            heredocs = List.copyOf(heredocs);
        }

        public String keyword() {
            return add ? "ADD" : "COPY";
        }
    }

    record Env(Node node, List<KeyValue> pairs) implements Instruction {
        public Env {
            pairs = List.copyOf(pairs);
        }
    }

    record Label(Node node, List<KeyValue> pairs) implements Instruction {
        public Label {
            pairs = List.copyOf(pairs);
        }
    }

    record Arg(Node node, List<ArgDecl> args) implements Instruction {
        public Arg {
            args = List.copyOf(args);
        }
    }

    record Workdir(Node node, String path) implements Instruction {}

    record User(Node node, String user) implements Instruction {}

    record Expose(Node node, List<String> ports) implements Instruction {
        public Expose {
            ports = List.copyOf(ports);
        }
    }

    record Volume(Node node, List<String> paths) implements Instruction {
        public Volume {
            paths = List.copyOf(paths);
        }
    }

    record Cmd(Node node, List<String> command, boolean shellForm) implements Instruction {
        public Cmd {
            command = List.copyOf(command);
        }
    }

    record Entrypoint(Node node, List<String> command, boolean shellForm) implements Instruction {
        public Entrypoint {
            command = List.copyOf(command);
        }
    }

    record Shell(Node node, List<String> shell) implements Instruction {
        public Shell {
            shell = List.copyOf(shell);
        }
    }

    record StopSignal(Node node, String signal) implements Instruction {}

    /**
     * HEALTHCHECK; {@code test} is {@code ["NONE"]}, {@code ["CMD", args…]} or {@code ["CMD-SHELL", command]}, durations
     * in nanoseconds.
     */
    record Healthcheck(Node node, List<String> test, Optional<Long> interval, Optional<Long> timeout,
            Optional<Long> startPeriod, Optional<Long> startInterval, Optional<Integer> retries)
            implements Instruction {
        public Healthcheck {
            test = List.copyOf(test);
        }
    }

    /** ONBUILD; {@code expression} is the trigger as written, run by builds FROM the image. */
    record Onbuild(Node node, String expression) implements Instruction {}

    record Maintainer(Node node, String name) implements Instruction {}
}
