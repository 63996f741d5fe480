package dev.berth.engine.build;

import dev.berth.engine.build.context.DockerIgnore;
import dev.berth.engine.build.dockerfile.Dockerfile;
import dev.berth.engine.build.dockerfile.Instruction;
import dev.berth.engine.build.dockerfile.ShellLex;
import dev.berth.engine.build.dockerfile.Stage;
import dev.berth.engine.image.ImageLayer;
import dev.berth.engine.image.ImageRecord;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.ContainerConfig;
import dev.berth.oci.spec.ImageConfig;
import dev.berth.oci.spec.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Builds one stage as docker's classic builder does: FROM, then one step per instruction, each step an image (a
 * config in the content store) made from the previous one — metadata instructions change the config only, COPY, ADD,
 * RUN and WORKDIR add a layer when they change files. A step whose parent and cache key were seen before is taken
 * from the {@link BuildCache} ({@code ---> Using cache}) unless {@code --no-cache}.
 */
final class StageBuilder {
    static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final BuildSession session;
    private final Stage stage;
    private final BuildProgress progress;
    private final ShellLex lex;
    private final BuildVariables vars;
    private final StepCounter steps;
    private BuildImage image;
    private boolean cmdSet;

    StageBuilder(BuildSession session, Stage stage, BuildVariables globals, char escape, BuildProgress progress,
            StepCounter steps) {
        this.session = session;
        this.stage = stage;
        this.progress = progress;
        this.lex = new ShellLex(escape);
        this.vars = globals.forStage();
        this.steps = steps;
    }

    /** A stage's steps are numbered from {@code first}; the whole build has {@code total}. */
    record StepCounter(int first, int total) {}

    BuildImage build(List<Instruction> extra) {
        int n = steps.first();
        header(n++, stage.from().text());
        image = from(stage.from());
        List<Instruction> all = new ArrayList<>(stage.instructions());
        all.addAll(extra);
        for (Instruction i : all) {
            header(n++, i.text());
            image = step(i);
            progress.stream(" ---> " + image.shortId() + "\n");
        }
        return image;
    }

    private void header(int n, String text) {
        progress.stream("Step " + n + "/" + steps.total() + " : " + text + "\n");
    }

    private BuildImage from(Instruction.From from) {
        Function<String, Optional<String>> meta = vars.metaLookup();
        String name = lex.processWord(from.image(), meta);
        Optional<Platform> platform = from.platform().map(p -> lex.processWord(p, meta)).map(Platform::parse)
                .or(() -> session.options().platform());
        BuildImage base;
        if (name.equalsIgnoreCase("scratch")) {
            base = scratch(platform.orElse(Platform.host()));
            progress.stream(" ---> \n");
            return base;
        }
        Optional<BuildImage> fromStage = session.stageResult().apply(name);
        if (fromStage.isPresent()) {
            base = fromStage.get();
        } else {
            if (!Reference.isValid(name)) {
                throw BerthException.invalid("invalid reference format: " + name);
            }
            ImageRecord rec = session.baseImages().get(Reference.parse(name).withDefaultTag(), platform,
                    session.options().pull(), progress);
            base = new BuildImage(Optional.of(rec.id()), session.store().config(rec.id()), rec.layers());
        }
        progress.stream(" ---> " + base.shortId() + "\n");
        return onBuildTriggers(base);
    }

    static BuildImage scratch(Platform platform) {
        ImageConfig config = ImageConfig.of(platform, ContainerConfig.EMPTY, List.of(), List.of(), Optional.empty());
        return new BuildImage(Optional.empty(), config, List.of());
    }

    private BuildImage onBuildTriggers(BuildImage base) {
        List<String> triggers = base.containerConfig().onBuild().orElse(List.of());
        if (triggers.isEmpty()) {
            return base;
        }
        progress.stream("# Executing " + triggers.size() + " build trigger" + (triggers.size() == 1 ? "" : "s")
                + "\n");
        image = base;
        for (String trigger : triggers) {
            Instruction i = Dockerfile.parse("FROM scratch\n" + trigger).stages().getFirst().instructions().getFirst();
            image = step(i);
        }
        return commitConfig(image, image.containerConfig().withOnBuild(Optional.empty()), null, Optional.empty(),
                false);
    }

    private BuildImage step(Instruction i) {
        ContainerConfig c = image.containerConfig();
        Function<String, Optional<String>> env = vars.lookup(c);
        return switch (i) {
            case Instruction.From f -> throw new IllegalStateException("FROM inside a stage");
            case Instruction.Env e -> {
                Map<String, String> merged = BuildVariables.envMap(withDefaultPath(c));
                List<String> shown = new ArrayList<>();
                for (Instruction.KeyValue kv : e.pairs()) {
                    String k = lex.processWord(kv.key(), env);
                    String v = lex.processWord(kv.value(), env);
                    merged.remove(k);
                    merged.put(k, v);
                    shown.add(k + "=" + v);
                    Map<String, String> now = merged;
                    env = key -> now.containsKey(key) ? Optional.of(now.get(key)) : vars.lookup(c).apply(key);
                }
                List<String> list = new ArrayList<>();
                merged.forEach((k, v) -> list.add(k + "=" + v));
                yield meta("ENV " + String.join(" ", shown), c.withEnv(Optional.of(list)));
            }
            case Instruction.Label l -> {
                Map<String, String> labels = new LinkedHashMap<>(c.labels());
                List<String> shown = new ArrayList<>();
                for (Instruction.KeyValue kv : l.pairs()) {
                    String k = lex.processWord(kv.key(), env);
                    String v = lex.processWord(kv.value(), env);
                    labels.put(k, v);
                    shown.add(k + "=" + v);
                }
                yield meta("LABEL " + String.join(" ", shown), c.withLabels(labels));
            }
            case Instruction.Arg a -> {
                List<String> shown = new ArrayList<>();
                for (Instruction.ArgDecl d : a.args()) {
                    Function<String, Optional<String>> lookup = env;
                    vars.declare(d, v -> lex.processWord(v, lookup));
                    shown.add(d.name() + d.defaultValue().map(v -> "=" + v).orElse(""));
                }
                yield meta("ARG " + String.join(" ", shown), c);
            }
            case Instruction.Workdir w -> workdir(lex.processWord(w.path(), env));
            case Instruction.User u -> {
                String user = lex.processWord(u.user(), env);
                yield meta("USER " + user, c.withUser(Optional.of(user)));
            }
            case Instruction.Expose x -> expose(x, env);
            case Instruction.Volume v -> {
                Set<String> volumes = new LinkedHashSet<>(c.volumes().orElse(List.of()));
                List<String> added = new ArrayList<>();
                for (String p : v.paths()) {
                    String path = lex.processWord(p, env);
                    volumes.add(path);
                    added.add(path);
                }
                yield meta("VOLUME [" + String.join(" ", added) + "]", c.withVolumes(Optional.of(List.copyOf(volumes))));
            }
            case Instruction.Cmd cmd -> {
                List<String> argv = cmd.shellForm() ? withShell(c, cmd.command()) : cmd.command();
                cmdSet = true;
                yield meta("CMD " + HistoryText.quoted(argv), c.withCmd(Optional.of(argv)));
            }
            case Instruction.Entrypoint ep -> {
                List<String> argv = ep.shellForm() ? withShell(c, ep.command()) : ep.command();
                ContainerConfig next = c.withEntrypoint(Optional.of(argv));
                if (!cmdSet) {
                    next = next.withCmd(Optional.empty());
                }
                yield meta("ENTRYPOINT " + HistoryText.quoted(argv), next);
            }
            case Instruction.Shell s -> meta("SHELL [" + String.join(" ", s.shell()) + "]",
                    c.withShell(Optional.of(s.shell())));
            case Instruction.StopSignal s -> {
                String signal = lex.processWord(s.signal(), env);
                yield meta("STOPSIGNAL " + signal, c.withStopSignal(Optional.of(signal)));
            }
            case Instruction.Healthcheck h -> meta("HEALTHCHECK " + HistoryText.quoted(h.test()),
                    c.withHealthcheck(Optional.of(new ContainerConfig.Healthcheck(h.test(), h.interval(),
                            h.timeout(), h.startPeriod(), h.startInterval(), h.retries()))));
            case Instruction.Onbuild o -> {
                List<String> triggers = new ArrayList<>(c.onBuild().orElse(List.of()));
                triggers.add(o.expression());
                yield meta("ONBUILD " + o.expression(), c.withOnBuild(Optional.of(triggers)));
            }
            case Instruction.Maintainer m -> meta("MAINTAINER " + m.name(), c);
            case Instruction.Run r -> run(r);
            case Instruction.Copy cp -> new CopyStep(session, this, cp, lex).run(env);
        };
    }

    private BuildImage expose(Instruction.Expose x, Function<String, Optional<String>> env) {
        ContainerConfig c = image.containerConfig();
        Set<String> ports = new TreeSet<>(c.exposedPorts().orElse(List.of()));
        for (String p : x.ports()) {
            ports.addAll(PortSpec.parse(lex.processWord(p, env)));
        }
        StringBuilder shown = new StringBuilder("map[");
        shown.append(String.join(" ", ports.stream().map(p -> p + ":{}").toList())).append(']');
        return meta("EXPOSE " + shown, c.withExposedPorts(Optional.of(List.copyOf(ports))));
    }

    private BuildImage workdir(String path) {
        ContainerConfig c = image.containerConfig();
        String dir = path.startsWith("/") ? path : c.workingDir().orElse("/") + "/" + path;
        dir = DockerIgnore.clean(dir);
        String finalDir = dir;
        ContainerConfig next = c.withWorkingDir(Optional.of(dir));
        String createdBy = HistoryText.nop("WORKDIR " + dir);
        return fileStep(createdBy, "", next, ws -> {
            try {
                new FileCopier(ws.rootfs(), FileCopier.Owner.ROOT, Optional.empty()).mkdirs(finalDir);
            } catch (IOException e) {
                throw BerthException.io("create working directory " + finalDir, e);
            }
        });
    }

    private BuildImage run(Instruction.Run r) {
        ContainerConfig c = withDefaultPath(image.containerConfig());
        List<String> argv;
        if (r.shellForm()) {
            String command = r.command().getFirst();
            if (!r.heredocs().isEmpty()) {
                command = heredocCommand(command, r);
            }
            argv = withShell(c, List.of(command));
        } else {
            argv = r.command();
        }
        Map<String, String> args = vars.runArgs(c);
        List<String> env = vars.runEnv(c);
        String createdBy = HistoryText.run(argv, args);
        List<String> finalArgv = argv;
        return fileStep(createdBy, "\n" + String.join("\n", env), c, ws -> {
            progress.stream(" ---> Running in " + ws.id().substring(1, 13) + "\n");
            int code = session.runner().run(ws.rootfs(), c, finalArgv, env, session.options().network(), progress);
            ws.dropEmptyCopyUps(List.of("etc", "dev"));
            if (code != 0) {
                throw BerthException.invalid("The command '" + String.join(" ", finalArgv)
                        + "' returned a non-zero code: " + code);
            }
            progress.stream("Removing intermediate container " + ws.id().substring(1, 13) + "\n");
        });
    }

    /** buildkit's shell-form RUN with here-documents: a lone one is the script; otherwise the shell reads them. */
    private static String heredocCommand(String command, Instruction.Run r) {
        if (r.heredocs().size() == 1 && command.strip().matches("\\d*<<-?['\"]?" + Pattern.quote(
                r.heredocs().getFirst().name()) + "['\"]?")) {
            return r.heredocs().getFirst().data();
        }
        StringBuilder full = new StringBuilder(command);
        for (var h : r.heredocs()) {
            full.append('\n').append(h.content()).append(h.name());
        }
        return full.toString();
    }

    private static List<String> withShell(ContainerConfig c, List<String> command) {
        List<String> argv = new ArrayList<>(c.shell().filter(s -> !s.isEmpty()).orElse(DEFAULT_SHELL));
        argv.addAll(command);
        return argv;
    }

    static ContainerConfig withDefaultPath(ContainerConfig c) {
        return c.env().filter(e -> !e.isEmpty()).isPresent() ? c : c.withEnv(Optional.of(List.of(DEFAULT_PATH)));
    }

    /** A step that changes the config only. */
    BuildImage meta(String instruction, ContainerConfig next) {
        String createdBy = HistoryText.nop(instruction);
        String key = createdBy + "\n" + configKey(next);
        Optional<BuildImage> hit = cached(key);
        if (hit.isPresent()) {
            return hit.get();
        }
        BuildImage child = commitConfig(image, next, createdBy, Optional.empty(), true);
        session.cache().put(image, key, child);
        return child;
    }

    /** A step that may change files: {@code action} works on a workspace over the current image. */
    BuildImage fileStep(String createdBy, String keyExtra, ContainerConfig next,
            Consumer<Workspace> action) {
        String key = createdBy + "\n" + keyExtra + "\n" + configKey(next);
        Optional<BuildImage> hit = cached(key);
        if (hit.isPresent()) {
            return hit.get();
        }
        Optional<ImageLayer> layer;
        try (Workspace ws = session.mount(image)) {
            action.accept(ws);
            layer = session.committer().commit(ws.diff(), image.topChainId());
        }
        BuildImage child = commitConfig(image, next, createdBy, layer, layer.isEmpty());
        session.cache().put(image, key, child);
        return child;
    }

    private Optional<BuildImage> cached(String key) {
        if (session.options().noCache()) {
            return Optional.empty();
        }
        Optional<BuildImage> hit = session.cache().find(image, key);
        hit.ifPresent(h -> progress.stream(" ---> Using cache\n"));
        return hit;
    }

    BuildImage current() {
        return image;
    }

    private BuildImage commitConfig(BuildImage parent, ContainerConfig next, String createdBy,
            Optional<ImageLayer> layer, boolean empty) {
        String now = Instant.now().truncatedTo(ChronoUnit.NANOS).toString();
        ImageConfig pc = parent.config();
        List<Digest> diffIds = new ArrayList<>(pc.diffIds());
        List<ImageConfig.History> history = new ArrayList<>(pc.history());
        layer.ifPresent(l -> diffIds.add(l.digests().diffId()));
        if (createdBy != null) {
            history.add(ImageConfig.History.of(now, createdBy, empty));
        }
        ImageConfig config = new ImageConfig(pc.architecture(), pc.os(), pc.variant(), pc.osVersion(),
                pc.osFeatures(), Optional.of(now), pc.author(), Optional.of(next), diffIds, history, pc.extra());
        byte[] bytes = config.toJson();
        Digest id = session.store().content().put(bytes);
        List<ImageLayer> layers = new ArrayList<>(parent.layers());
        layer.ifPresent(layers::add);
        return new BuildImage(Optional.of(id), config, layers);
    }

    private String configKey(ContainerConfig c) {
        ImageConfig probe = ImageConfig.of(image.config().platform(), c, List.of(), List.of(), Optional.empty());
        return new String(probe.toJson(), StandardCharsets.UTF_8);
    }
}
