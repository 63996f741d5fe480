package dev.berth.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.runtime.CommandLine;
import dev.berth.engine.runtime.LogSettings;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container as the daemon records it: its ID (64 hex digits) and name ({@code /name}, as docker stores names),
 * the image it was made from, its {@code Config} (the create request merged with the image's config, as docker shows
 * it) and {@code HostConfig} in the Engine API's JSON shapes — kept whole, so fields other parts of the daemon read
 * (mounts, networks, health checks) survive untouched — its {@link State}, and how often a restart policy restarted
 * it. Instances are immutable; the {@link ContainerStore} replaces them.
 *
 * @param manuallyStopped stopped by a user ({@code docker stop}, {@code kill}): restart policies leave it alone,
 *     and {@code unless-stopped} does not bring it back with the daemon
 * @param driver the snapshotter holding its root file system ({@code overlayfs} or {@code vfs})
 */
public record Container(String id, String name, Instant created, Digest imageId, ObjectNode config,
        ObjectNode hostConfig, State state, int restartCount, boolean manuallyStopped, String driver) {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    public Container {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("container id must be 64 hex digits: " + id);
        }
        if (!name.startsWith("/")) {
            throw new IllegalArgumentException("container name must start with /: " + name);
        }
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(imageId, "imageId");
        config = config.deepCopy();
        hostConfig = hostConfig.deepCopy();
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(driver, "driver");
    }

    @Override
    public ObjectNode config() {
        return config.deepCopy();
    }

    @Override
    public ObjectNode hostConfig() {
        return hostConfig.deepCopy();
    }

    /** The first 12 hex digits, as docker prints IDs. */
    public String shortId() {
        return id.substring(0, 12);
    }

    /** The name without docker's leading slash. */
    public String plainName() {
        return name.substring(1);
    }

    /** The image as the create request named it ({@code Config.Image}). */
    public String imageName() {
        return config.path("Image").asText("");
    }

    public String hostname() {
        String h = config.path("Hostname").asText("");
        return h.isEmpty() ? shortId() : h;
    }

    public boolean tty() {
        return config.path("Tty").asBoolean(false);
    }

    public boolean openStdin() {
        return config.path("OpenStdin").asBoolean(false);
    }

    public boolean stdinOnce() {
        return config.path("StdinOnce").asBoolean(false);
    }

    /** What conmon keeps of the container's output ({@code --log-driver}, {@code --log-opt}, checked at create). */
    public LogSettings logSettings() {
        return LogOptions.settings(hostConfig.path("LogConfig"));
    }

    /** False for {@code --log-driver none}: no log file, nothing for {@code docker logs} to read. */
    public boolean logKept() {
        return !hostConfig.path("LogConfig").path("Type").asText("").equals("none");
    }

    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    public List<String> env() {
        return strings(config.get("Env")).orElse(List.of());
    }

    public Optional<List<String>> entrypoint() {
        return strings(config.get("Entrypoint"));
    }

    public Optional<List<String>> cmd() {
        return strings(config.get("Cmd"));
    }

    /** Entrypoint + Cmd: what the container runs ({@code Path} is the first, {@code Args} the rest). */
    public List<String> command() {
        return CommandLine.combine(entrypoint(), cmd(), Optional.empty(), Optional.empty()).args();
    }

    public boolean autoRemove() {
        return hostConfig.path("AutoRemove").asBoolean(false);
    }

    public RestartPolicy restartPolicy() {
        return RestartPolicy.of(hostConfig.get("RestartPolicy"));
    }

    /** The OCI runtime's name from {@code HostConfig.Runtime}; empty means the daemon's default. */
    public Optional<String> runtime() {
        return Optional.of(hostConfig.path("Runtime").asText("")).filter(r -> !r.isEmpty());
    }

    /** {@code Config.StopSignal}, else SIGTERM. */
    public String stopSignal() {
        String s = config.path("StopSignal").asText("");
        return s.isEmpty() ? "SIGTERM" : s;
    }

    /** {@code Config.StopTimeout} in seconds, if set. */
    public Optional<Integer> stopTimeout() {
        JsonNode t = config.get("StopTimeout");
        return t == null || t.isNull() ? Optional.empty() : Optional.of(t.asInt());
    }

    public Container withState(State s) {
        return new Container(id, name, created, imageId, config, hostConfig, s, restartCount, manuallyStopped,
                driver);
    }

    public Container withName(String n) {
        return new Container(id, n, created, imageId, config, hostConfig, state, restartCount, manuallyStopped,
                driver);
    }

    public Container withRestartCount(int n) {
        return new Container(id, name, created, imageId, config, hostConfig, state, n, manuallyStopped, driver);
    }

    public Container withManuallyStopped(boolean stopped) {
        return new Container(id, name, created, imageId, config, hostConfig, state, restartCount, stopped, driver);
    }

    public Container withConfig(ObjectNode c) {
        return new Container(id, name, created, imageId, c, hostConfig, state, restartCount, manuallyStopped, driver);
    }

    /**
     * With {@code Config.Hostname} {@code h}: in another container's network namespace, the name it runs with is that
     * container's, which dockerd records at the start (initializeNetworking) and inspect shows.
     */
    public Container withHostname(String h) {
        if (h.equals(config.path("Hostname").asText(""))) {
            return this;
        }
        ObjectNode c = config.deepCopy();
        c.put("Hostname", h);
        return withConfig(c);
    }

    public Container withHostConfig(ObjectNode h) {
        return new Container(id, name, created, imageId, config, h, state, restartCount, manuallyStopped, driver);
    }

    static Optional<List<String>> strings(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else {
            node.forEach(n -> out.add(n.asText()));
        }
        return Optional.of(List.copyOf(out));
    }

    static ObjectNode emptyObject() {
        return Json.MAPPER.createObjectNode();
    }
}
