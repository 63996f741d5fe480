package dev.berth.engine.build.dockerfile;

import dev.berth.oci.error.BerthException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns parsed {@link Node}s into {@link Instruction}s and stages (buildkit's {@code instructions.Parse}), checking
 * argument counts and flags with docker's messages: {@code unknown instruction: FORM}, {@code Unknown flag: foo},
 * {@code WORKDIR requires exactly one argument}, each prefixed with the line.
 */
final class InstructionParser {
    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");

    private InstructionParser() {}

    static Dockerfile parse(DockerfileParser.Result result) {
        List<Instruction.Arg> metaArgs = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        Instruction.From from = null;
        List<Instruction> current = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node node : result.nodes()) {
            Instruction i;
            try {
                i = instruction(node);
            } catch (BerthException e) {
                throw DockerfileParser.error(node.startLine(), e.getMessage());
            }
            if (i instanceof Instruction.From f) {
                if (from != null) {
                    stages.add(new Stage(stages.size(), from, current));
                }
                if (f.name().isPresent() && !names.add(f.name().get())) {
                    throw DockerfileParser.error(node.startLine(), "duplicate name " + f.name().get());
                }
                from = f;
                current = new ArrayList<>();
            } else if (from == null) {
                if (!(i instanceof Instruction.Arg a)) {
                    throw DockerfileParser.error(node.startLine(), "no build stage in current context");
                }
                metaArgs.add(a);
            } else {
                current.add(i);
            }
        }
        if (from != null) {
            stages.add(new Stage(stages.size(), from, current));
        }
        return new Dockerfile(result.directives(), metaArgs, stages);
    }

    /** Interprets one node; errors carry no line (the caller adds it). */
    static Instruction instruction(Node n) {
        String upper = n.keyword().toUpperCase(Locale.ROOT);
        List<String> a = n.args();
        return switch (n.keyword()) {
            case "from" -> from(n, flags(n, "platform"));
            case "run" -> {
                flags(n);
                if (a.isEmpty()) {
                    throw atLeastOne(upper);
                }
                yield new Instruction.Run(n, a, !n.json(), n.heredocs());
            }
            case "copy", "add" -> copy(n);
            case "env", "label" -> {
                flags(n);
                if (a.isEmpty()) {
                    throw atLeastOne(upper);
                }
                List<Instruction.KeyValue> pairs = new ArrayList<>();
                for (int i = 0; i + 1 < a.size(); i += 2) {
                    pairs.add(new Instruction.KeyValue(a.get(i), a.get(i + 1)));
                }
                yield n.keyword().equals("env") ? new Instruction.Env(n, pairs) : new Instruction.Label(n, pairs);
            }
            case "arg" -> {
                flags(n);
                if (a.isEmpty()) {
                    throw atLeastOne(upper);
                }
                List<Instruction.ArgDecl> args = new ArrayList<>();
                for (String word : a) {
                    int eq = word.indexOf('=');
                    args.add(eq < 0 ? new Instruction.ArgDecl(word, Optional.empty())
                            : new Instruction.ArgDecl(word.substring(0, eq), Optional.of(word.substring(eq + 1))));
                }
                yield new Instruction.Arg(n, args);
            }
            case "workdir" -> new Instruction.Workdir(n, exactlyOne(n, upper));
            case "user" -> new Instruction.User(n, exactlyOne(n, upper));
            case "stopsignal" -> new Instruction.StopSignal(n, exactlyOne(n, upper));
            case "maintainer" -> new Instruction.Maintainer(n, exactlyOne(n, upper));
            case "expose" -> {
                flags(n);
                if (a.isEmpty()) {
                    throw atLeastOne(upper);
                }
                yield new Instruction.Expose(n, a);
            }
            case "volume" -> {
                flags(n);
                if (a.isEmpty()) {
                    throw atLeastOne(upper);
                }
                for (String v : a) {
                    if (v.isBlank()) {
                        throw BerthException.invalid("VOLUME specified can not be an empty string");
                    }
                }
                yield new Instruction.Volume(n, a);
            }
            case "cmd" -> {
                flags(n);
                yield new Instruction.Cmd(n, a, !n.json());
            }
            case "entrypoint" -> {
                flags(n);
                yield new Instruction.Entrypoint(n, a, !n.json());
            }
            case "shell" -> {
                flags(n);
                if (!n.json()) {
                    throw BerthException.invalid("SHELL requires the arguments to be in JSON form");
                }
                if (a.isEmpty()) {
                    throw BerthException.invalid("SHELL requires at least one argument");
                }
                yield new Instruction.Shell(n, a);
            }
            case "healthcheck" -> healthcheck(n);
            case "onbuild" -> onbuild(n);
            default -> throw BerthException.invalid("unknown instruction: " + upper);
        };
    }

    private static Instruction.From from(Node n, Map<String, String> flags) {
        List<String> a = n.args();
        if (a.size() != 1 && a.size() != 3) {
            throw BerthException.invalid("FROM requires either one or three arguments");
        }
        Optional<String> name = Optional.empty();
        if (a.size() == 3) {
            if (!a.get(1).equalsIgnoreCase("as")) {
                throw BerthException.invalid("Invalid FROM syntax: AS must be second argument, got " + a.get(1));
            }
            String stage = a.get(2).toLowerCase(Locale.ROOT);
            if (!STAGE_NAME.matcher(stage).matches()) {
                throw BerthException.invalid("invalid name for build stage: \"" + a.get(2)
                        + "\", name can't start with a number or contain symbols");
            }
            name = Optional.of(stage);
        }
        return new Instruction.From(n, a.getFirst(), name, Optional.ofNullable(flags.get("platform")));
    }

    private static Instruction.Copy copy(Node n) {
        boolean add = n.keyword().equals("add");
        // The classic builder's flags (with buildkit's --chmod); --link, --checksum and the like are refused rather
        // than ignored, as dockerd's classic builder does.
        Map<String, String> f = add ? flags(n, "chown", "chmod") : flags(n, "from", "chown", "chmod");
        List<String> a = n.args();
        if (a.size() < 2) {
            throw BerthException.invalid((add ? "ADD" : "COPY") + " requires at least two arguments, but only "
                    + a.size() + " provided");
        }
        List<String> sources = a.subList(0, a.size() - 1);
        return new Instruction.Copy(n, add, sources, a.getLast(), Optional.ofNullable(f.get("from")),
                Optional.ofNullable(f.get("chown")), Optional.ofNullable(f.get("chmod")), n.heredocs());
    }

    private static Instruction.Healthcheck healthcheck(Node n) {
        Map<String, String> f = flags(n, "interval", "timeout", "start-period", "start-interval", "retries");
        List<String> a = n.args();
        if (a.isEmpty()) {
            throw BerthException.invalid("HEALTHCHECK requires at least one argument");
        }
        if (a.getFirst().equals("NONE")) {
            if (a.size() > 1) {
                throw BerthException.invalid("HEALTHCHECK NONE takes no arguments");
            }
            return new Instruction.Healthcheck(n, List.of("NONE"), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty());
        }
        List<String> cmd = a.subList(1, a.size());
        if (cmd.isEmpty()) {
            throw BerthException.invalid("Missing command after HEALTHCHECK CMD");
        }
        List<String> test = new ArrayList<>();
        if (n.json()) {
            test.add("CMD");
            test.addAll(cmd);
        } else {
            test.add("CMD-SHELL");
            test.add(cmd.getFirst());
        }
        Optional<Integer> retries = Optional.empty();
        if (f.containsKey("retries")) {
            int r;
            try {
                r = Integer.parseInt(f.get("retries"));
            } catch (NumberFormatException e) {
                throw BerthException.invalid("strconv.ParseInt: parsing \"" + f.get("retries")
                        + "\": invalid syntax");
            }
            if (r < 0) {
                throw BerthException.invalid("--retries cannot be negative (" + r + ")");
            }
            retries = Optional.of(r);
        }
        return new Instruction.Healthcheck(n, test, duration(f, "interval"), duration(f, "timeout"),
                duration(f, "start-period"), duration(f, "start-interval"), retries);
    }

    private static Optional<Long> duration(Map<String, String> f, String name) {
        String v = f.get(name);
        if (v == null) {
            return Optional.empty();
        }
        Duration d = GoDuration.parse(v);
        if (d.isNegative()) {
            throw BerthException.invalid("Interval \"" + name + "\" cannot be negative");
        }
        if (!d.isZero() && d.compareTo(Duration.ofMillis(1)) < 0) {
            throw BerthException.invalid("Interval \"" + name + "\" cannot be less than 1ms");
        }
        return d.isZero() ? Optional.empty() : Optional.of(d.toNanos());
    }

    private static Instruction.Onbuild onbuild(Node n) {
        flags(n);
        Node child = n.child().orElseThrow(() -> BerthException.invalid("ONBUILD requires at least one argument"));
        String trigger = child.keyword().toUpperCase(Locale.ROOT);
        switch (trigger) {
            case "ONBUILD" -> throw BerthException.invalid("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER", "FROM" -> throw BerthException.invalid(trigger
                    + " isn't allowed as an ONBUILD trigger");
            default -> {
                // Checked when a build runs the trigger, as docker does; only its keyword must be known now.
                instruction(child);
            }
        }
        return new Instruction.Onbuild(n, child.original().strip());
    }

    private static String exactlyOne(Node n, String upper) {
        flags(n);
        if (n.args().size() != 1) {
            throw BerthException.invalid(upper + " requires exactly one argument");
        }
        return n.args().getFirst();
    }

    private static BerthException atLeastOne(String upper) {
        return BerthException.invalid(upper + " requires at least one argument");
    }

    /** The node's {@code --name=value} flags, each one of {@code allowed}; a flag without value is "true". */
    private static Map<String, String> flags(Node n, String... allowed) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> ok = Set.of(allowed);
        for (String flag : n.flags()) {
            String body = flag.substring(2);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            String value = eq < 0 ? "true" : body.substring(eq + 1);
            if (!ok.contains(name)) {
                throw BerthException.invalid("Unknown flag: " + name);
            }
            if (out.containsKey(name)) {
                throw BerthException.invalid("Duplicate flag specified: " + name);
            }
            out.put(name, value);
        }
        return out;
    }
}
