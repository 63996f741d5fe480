package dev.berth.engine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.container.Container;
import dev.berth.engine.container.State;
import dev.berth.engine.container.Times;
import dev.berth.engine.runtime.Namespaces;
import dev.berth.engine.snapshot.ContainerLayer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Docker's JSON shapes of containers: {@code GET /containers/{id}/json} and the entries of {@code /containers/json}. */
final class ContainerJson {
    private ContainerJson() {}

    /** What {@code GET /containers/{id}/json} answers (moby {@code container.InspectResponse}). */
    static ObjectNode inspect(Container c, Optional<ContainerLayer> layer, Optional<Path> bundle, Optional<Path> log) {
        ObjectNode n = SystemRoutes.NODES.objectNode();
        n.put("Id", c.id());
        n.put("Created", Times.format(c.created()));
        List<String> command = c.command();
        n.put("Path", command.getFirst());
        ArrayNode args = n.putArray("Args");
        command.subList(1, command.size()).forEach(args::add);
        n.set("State", state(c.state()));
        n.put("Image", c.imageId().toString());
        n.put("ResolvConfPath", bundle.map(b -> b.resolve("resolv.conf").toString()).orElse(""));
        n.put("HostnamePath", bundle.map(b -> b.resolve("hostname").toString()).orElse(""));
        n.put("HostsPath", bundle.map(b -> b.resolve("hosts").toString()).orElse(""));
        n.put("LogPath", log.map(Path::toString).orElse(""));
        n.put("Name", c.name());
        n.put("RestartCount", c.restartCount());
        n.put("Driver", c.driver());
        n.put("Platform", "linux");
        n.put("MountLabel", "");
        n.put("ProcessLabel", "");
        n.put("AppArmorProfile", "");
        n.putNull("ExecIDs");
        n.set("HostConfig", hostConfig(c));
        ObjectNode driver = n.putObject("GraphDriver");
        ObjectNode data = driver.putObject("Data");
        layer.ifPresent(l -> {
            if (!l.lowers().isEmpty()) {
                data.put("LowerDir", String.join(":", l.lowers().stream().map(Path::toString).toList()));
            }
            data.put("MergedDir", l.rootfs().toString());
            data.put("UpperDir", l.changes().toString());
            data.put("WorkDir", l.changes().resolveSibling("work").toString());
        });
        driver.put("Name", c.driver());
        n.putArray("Mounts");
        n.set("Config", c.config());
        n.set("NetworkSettings", networkSettings());
        return n;
    }

    static ObjectNode state(State s) {
        ObjectNode n = SystemRoutes.NODES.objectNode();
        n.put("Status", s.status().word());
        n.put("Running", s.running() || s.status() == State.Status.RESTARTING);
        n.put("Paused", s.status() == State.Status.PAUSED);
        n.put("Restarting", s.status() == State.Status.RESTARTING);
        n.put("OOMKilled", s.oomKilled());
        n.put("Dead", s.status() == State.Status.DEAD);
        n.put("Pid", s.pid().orElse(0));
        n.put("ExitCode", s.exitCode());
        n.put("Error", s.error());
        n.put("StartedAt", Times.format(s.startedAt()));
        n.put("FinishedAt", Times.format(s.finishedAt()));
        return n;
    }

    /** The recorded HostConfig with the defaults dockerd fills in where the request left fields out. */
    static ObjectNode hostConfig(Container c) {
        ObjectNode h = c.hostConfig();
        if (h.path("NetworkMode").asText("").isEmpty()) {
            h.put("NetworkMode", "bridge");
        }
        if (!h.has("RestartPolicy") || h.get("RestartPolicy").isNull()) {
            h.putObject("RestartPolicy").put("Name", "no").put("MaximumRetryCount", 0);
        }
        // dockerd fills in its default driver where the request named none; berthd's is json-file, as its info says
        // (conmon keeps the lines in its own format, but json-file's options and behaviour are what it honours)
        if (!h.path("LogConfig").isObject()) {
            h.putObject("LogConfig").putObject("Config");
        }
        ObjectNode log = (ObjectNode) h.get("LogConfig");
        if (log.path("Type").asText("").isEmpty()) {
            log.put("Type", "json-file");
        }
        if (!log.path("Config").isObject()) {
            log.putObject("Config");
        }
        for (String flag : List.of("AutoRemove", "Privileged", "ReadonlyRootfs", "PublishAllPorts")) {
            h.put(flag, h.path(flag).asBoolean(false));
        }
        for (String number : List.of("Memory", "MemorySwap", "NanoCpus", "CpuShares", "CpuQuota", "CpuPeriod")) {
            h.put(number, h.path(number).asLong(0));
        }
        // dockerd records its defaults at create (adaptContainerSettings): IPC mode, cgroup namespace, /dev/shm size.
        if (h.path("IpcMode").asText("").isEmpty()) {
            h.put("IpcMode", "private");
        }
        if (h.path("CgroupnsMode").asText("").isEmpty()) {
            h.put("CgroupnsMode", "private");
        }
        if (h.path("ShmSize").asLong(0) <= 0) {
            h.put("ShmSize", Namespaces.DEFAULT_SHM_SIZE);
        }
        if (!h.has("Runtime") || h.path("Runtime").asText("").isEmpty()) {
            h.put("Runtime", "runc");
        }
        return h;
    }

    /** No network yet: the fields the docker CLI and Testcontainers read, empty. */
    static ObjectNode networkSettings() {
        ObjectNode n = SystemRoutes.NODES.objectNode();
        n.put("Bridge", "");
        n.put("SandboxID", "");
        n.put("SandboxKey", "");
        n.putObject("Ports");
        n.put("HairpinMode", false);
        n.put("LinkLocalIPv6Address", "");
        n.put("LinkLocalIPv6PrefixLen", 0);
        n.put("EndpointID", "");
        n.put("Gateway", "");
        n.put("GlobalIPv6Address", "");
        n.put("GlobalIPv6PrefixLen", 0);
        n.put("IPAddress", "");
        n.put("IPPrefixLen", 0);
        n.put("IPv6Gateway", "");
        n.put("MacAddress", "");
        n.putObject("Networks");
        return n;
    }

    /** One entry of {@code GET /containers/json} (moby {@code container.Summary}). */
    static ObjectNode summary(Container c, Instant now) {
        ObjectNode n = SystemRoutes.NODES.objectNode();
        n.put("Id", c.id());
        n.putArray("Names").add(c.name());
        n.put("Image", c.imageName().isEmpty() ? c.imageId().toString() : c.imageName());
        n.put("ImageID", c.imageId().toString());
        n.put("Command", command(c.command()));
        n.put("Created", c.created().getEpochSecond());
        n.putArray("Ports");
        ObjectNode labels = n.putObject("Labels");
        c.labels().forEach(labels::put);
        n.put("State", c.state().status().word());
        n.put("Status", status(c.state(), now));
        n.putObject("HostConfig").put("NetworkMode", hostConfig(c).path("NetworkMode").asText());
        n.putObject("NetworkSettings").putObject("Networks");
        n.putArray("Mounts");
        return n;
    }

    /** moby's list: the path, then the arguments, those with a space in single quotes. */
    static String command(List<String> argv) {
        StringBuilder b = new StringBuilder(argv.getFirst());
        for (String arg : argv.subList(1, argv.size())) {
            b.append(' ').append(arg.contains(" ") ? "'" + arg + "'" : arg);
        }
        return b.toString();
    }

    /** docker ps' STATUS column: {@code Up 5 seconds}, {@code Exited (0) 2 minutes ago}, {@code Created}… */
    static String status(State s, Instant now) {
        return switch (s.status()) {
            case CREATED -> "Created";
            case RUNNING -> "Up " + human(Duration.between(s.startedAt().orElse(now), now));
            case PAUSED -> "Up " + human(Duration.between(s.startedAt().orElse(now), now)) + " (Paused)";
            case RESTARTING -> "Restarting (" + s.exitCode() + ") "
                    + human(Duration.between(s.finishedAt().orElse(now), now)) + " ago";
            case EXITED -> s.finishedAt().isEmpty() ? "Created" : "Exited (" + s.exitCode() + ") "
                    + human(Duration.between(s.finishedAt().get(), now)) + " ago";
            case REMOVING -> "Removal In Progress";
            case DEAD -> "Dead";
        };
    }

    /** go-units {@code HumanDuration}. */
    static String human(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.toSeconds() / 3600.0);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        }
        if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return hours / 24 / 365 + " years";
    }
}
