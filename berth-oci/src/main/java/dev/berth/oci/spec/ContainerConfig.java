package dev.berth.oci.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The execution parameters of an image (OCI image-spec config.md, "config"; Docker's {@code ContainerConfig}):
 * User, ExposedPorts, Env, Entrypoint, Cmd, Volumes, WorkingDir, Labels, StopSignal, ArgsEscaped, Healthcheck, Shell,
 * OnBuild. Absent and empty lists differ for docker ({@code "Cmd": null} vs {@code []}), so lists are Optional.
 */
public record ContainerConfig(Optional<String> user, Optional<List<String>> exposedPorts,
        Optional<List<String>> env, Optional<List<String>> entrypoint, Optional<List<String>> cmd,
        Optional<List<String>> volumes, Optional<String> workingDir, Map<String, String> labels,
        Optional<String> stopSignal, Optional<Boolean> argsEscaped, Optional<Healthcheck> healthcheck,
        Optional<List<String>> shell, Optional<List<String>> onBuild, ObjectNode extra) {
    public static final ContainerConfig EMPTY = new ContainerConfig(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Json.NODES.objectNode());
    private static final Set<String> KNOWN = Set.of("User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes",
            "WorkingDir", "Labels", "StopSignal", "ArgsEscaped", "Healthcheck", "Shell", "OnBuild");

    public ContainerConfig {
        labels = Map.copyOf(labels);
        extra = Json.copy(extra);
    }

    /** Docker's HEALTHCHECK: durations in nanoseconds, as the config JSON stores them. */
    public record Healthcheck(List<String> test, Optional<Long> interval, Optional<Long> timeout,
            Optional<Long> startPeriod, Optional<Long> startInterval, Optional<Integer> retries) {
        public Healthcheck {
            test = List.copyOf(test);
        }

        static Healthcheck fromJson(JsonNode n) {
            String what = "image config Healthcheck";
            return new Healthcheck(Json.strings(n, "Test", what).orElse(List.of()), number(n, "Interval"),
                    number(n, "Timeout"), number(n, "StartPeriod"), number(n, "StartInterval"),
                    number(n, "Retries").map(Long::intValue));
        }

        private static Optional<Long> number(JsonNode n, String field) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isIntegralNumber()) {
                throw BerthException.invalid("image config Healthcheck: " + field + " must be an integer");
            }
            return Optional.of(v.longValue());
        }

        ObjectNode toJson() {
            ObjectNode n = Json.NODES.objectNode();
            Json.putStrings(n, "Test", Optional.of(test));
            interval.ifPresent(v -> n.put("Interval", v));
            timeout.ifPresent(v -> n.put("Timeout", v));
            startPeriod.ifPresent(v -> n.put("StartPeriod", v));
            startInterval.ifPresent(v -> n.put("StartInterval", v));
            retries.ifPresent(v -> n.put("Retries", v));
            return n;
        }
    }

    @Override
    public ObjectNode extra() {
        return Json.copy(extra);
    }

    public ContainerConfig withEntrypoint(Optional<List<String>> e) {
        return new ContainerConfig(user, exposedPorts, env, e, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, shell, onBuild, extra);
    }

    public ContainerConfig withCmd(Optional<List<String>> c) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, c, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, shell, onBuild, extra);
    }

    public ContainerConfig withEnv(Optional<List<String>> e) {
        return new ContainerConfig(user, exposedPorts, e, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, shell, onBuild, extra);
    }

    public ContainerConfig withWorkingDir(Optional<String> w) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, w, labels, stopSignal,
                argsEscaped, healthcheck, shell, onBuild, extra);
    }

    public ContainerConfig withUser(Optional<String> u) {
        return new ContainerConfig(u, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, shell, onBuild, extra);
    }

    public ContainerConfig withLabels(Map<String, String> l) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, l, stopSignal,
                argsEscaped, healthcheck, shell, onBuild, extra);
    }

    public ContainerConfig withExposedPorts(Optional<List<String>> p) {
        return new ContainerConfig(user, p, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, shell, onBuild, extra);
    }

    public ContainerConfig withVolumes(Optional<List<String>> v) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, v, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, shell, onBuild, extra);
    }

    public ContainerConfig withStopSignal(Optional<String> s) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, s,
                argsEscaped, healthcheck, shell, onBuild, extra);
    }

    public ContainerConfig withHealthcheck(Optional<Healthcheck> h) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, h, shell, onBuild, extra);
    }

    public ContainerConfig withShell(Optional<List<String>> s) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, s, onBuild, extra);
    }

    public ContainerConfig withOnBuild(Optional<List<String>> o) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, shell, o, extra);
    }

    /** Parses Docker's config object (an image's {@code config}, or a container's {@code Config}). */
    public static ContainerConfig parse(JsonNode n) {
        return fromJson(n);
    }

    /** The config object as Docker writes it, unknown fields kept. */
    public ObjectNode json() {
        return toJson();
    }

    static ContainerConfig fromJson(JsonNode n) {
        String what = "image config";
        if (!n.isObject()) {
            throw BerthException.invalid(what + ": config must be an object");
        }
        JsonNode args = n.get("ArgsEscaped");
        JsonNode health = n.get("Healthcheck");
        return new ContainerConfig(Json.text(n, "User", what), Json.keySet(n, "ExposedPorts", what),
                Json.strings(n, "Env", what), Json.strings(n, "Entrypoint", what), Json.strings(n, "Cmd", what),
                Json.keySet(n, "Volumes", what), Json.text(n, "WorkingDir", what), Json.stringMap(n, "Labels", what),
                Json.text(n, "StopSignal", what),
                args == null || args.isNull() ? Optional.empty() : Optional.of(args.asBoolean()),
                health == null || health.isNull() ? Optional.empty() : Optional.of(Healthcheck.fromJson(health)),
                Json.strings(n, "Shell", what), Json.strings(n, "OnBuild", what),
                Json.unknown((ObjectNode) n, KNOWN));
    }

    ObjectNode toJson() {
        ObjectNode n = Json.NODES.objectNode();
        user.ifPresent(s -> n.put("User", s));
        Json.putKeySet(n, "ExposedPorts", exposedPorts);
        Json.putStrings(n, "Env", env);
        Json.putStrings(n, "Entrypoint", entrypoint);
        Json.putStrings(n, "Cmd", cmd);
        Json.putKeySet(n, "Volumes", volumes);
        workingDir.ifPresent(s -> n.put("WorkingDir", s));
        Json.putMap(n, "Labels", Descriptor.sortedCopy(labels));
        stopSignal.ifPresent(s -> n.put("StopSignal", s));
        argsEscaped.ifPresent(b -> n.put("ArgsEscaped", b));
        healthcheck.ifPresent(h -> n.set("Healthcheck", h.toJson()));
        Json.putStrings(n, "Shell", shell);
        Json.putStrings(n, "OnBuild", onBuild);
        n.setAll(extra);
        return n;
    }
}
