package dev.berth.engine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.config.DaemonConfig;
import dev.berth.engine.container.State;
import dev.berth.engine.event.Event;
import dev.berth.engine.event.EventBus;
import dev.berth.engine.image.ImageLayer;
import dev.berth.engine.image.ImageQuery;
import dev.berth.engine.image.ImageStore;
import dev.berth.engine.image.ImageSummary;
import dev.berth.oci.BerthVersion;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Json;
import dev.berth.oci.spec.Platform;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** {@code /_ping}, {@code /version}, {@code /info}, {@code /events} and {@code /system/df}. */
public final class SystemRoutes {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> EVENT_FILTERS = Set.of("type", "event", "image", "label", "container",
            "network", "volume", "daemon", "plugin", "scope", "node", "service", "secret", "config");

    private final DaemonConfig config;
    private final ImageStore images;
    private final String daemonId;
    private final Usage usage;

    /**
     * What {@code /info} and {@code /system/df} report of the objects other routes own: the containers' states, the
     * {@code Containers} and {@code Volumes} entries of the disk usage.
     */
    public record Usage(Supplier<List<State>> containerStates, Supplier<ArrayNode> containers,
            Supplier<ArrayNode> volumes) {
        public static final Usage NONE = new Usage(List::of, NODES::arrayNode, NODES::arrayNode);

        public Usage {
            java.util.Objects.requireNonNull(containerStates, "containerStates");
            java.util.Objects.requireNonNull(containers, "containers");
            java.util.Objects.requireNonNull(volumes, "volumes");
        }
    }

    public SystemRoutes(DaemonConfig config, ImageStore images, String daemonId) {
        this(config, images, daemonId, Usage.NONE);
    }

    public SystemRoutes(DaemonConfig config, ImageStore images, String daemonId, Usage usage) {
        this.config = config;
        this.images = images;
        this.daemonId = daemonId;
        this.usage = usage;
    }

    public void register(Router router) {
        router.add("GET", "/_ping", this::ping)
                .add("GET", "/version", this::version)
                .add("GET", "/info", this::info)
                .add("GET", "/events", this::events)
                .add("GET", "/system/df", this::diskUsage);
    }

    /** The headers of every response, as dockerd sets them. */
    public static void commonHeaders(HttpHeaders h) {
        h.set("Api-Version", ApiVersion.MAX.toString());
        h.set("Docker-Experimental", "false");
        h.set("Ostype", "linux");
        h.set("Server", "Docker/" + ApiVersion.ENGINE_VERSION + " (linux)");
    }

    private void ping(ApiRequest req, ApiResponse res) {
        HttpHeaders h = new DefaultHttpHeaders();
        h.set("Builder-Version", "1");
        h.set("Cache-Control", "no-cache, no-store, must-revalidate");
        h.set("Pragma", "no-cache");
        if (req.method().equals("HEAD")) {
            res.headOnly(HttpResponseStatus.OK, "text/plain; charset=utf-8", h);
        } else {
            res.full(HttpResponseStatus.OK, "text/plain; charset=utf-8", "OK".getBytes(StandardCharsets.UTF_8), h);
        }
    }

    private void version(ApiRequest req, ApiResponse res) {
        ObjectNode details = NODES.objectNode();
        details.put("ApiVersion", ApiVersion.MAX.toString());
        details.put("Arch", Platform.host().architecture());
        details.put("BuildTime", "");
        details.put("Experimental", "false");
        details.put("GitCommit", "");
        details.put("GoVersion", "java" + Runtime.version().feature());
        details.put("KernelVersion", kernel());
        details.put("MinAPIVersion", ApiVersion.MIN.toString());
        details.put("Os", "linux");
        ObjectNode v = NODES.objectNode();
        v.putObject("Platform").put("Name", "Berth");
        ObjectNode engine = v.putArray("Components").addObject();
        engine.put("Name", "Engine");
        engine.put("Version", ApiVersion.ENGINE_VERSION);
        engine.set("Details", details);
        ObjectNode berth = v.withArray("Components").addObject();
        berth.put("Name", "berthd");
        berth.put("Version", BerthVersion.version());
        berth.putObject("Details").put("GitCommit", "");
        v.put("Version", ApiVersion.ENGINE_VERSION);
        v.put("ApiVersion", ApiVersion.MAX.toString());
        v.put("MinAPIVersion", ApiVersion.MIN.toString());
        v.put("GitCommit", "");
        v.put("GoVersion", "java" + Runtime.version().feature());
        v.put("Os", "linux");
        v.put("Arch", Platform.host().architecture());
        v.put("KernelVersion", kernel());
        v.put("BuildTime", "");
        res.json(HttpResponseStatus.OK, v);
    }

    private void info(ApiRequest req, ApiResponse res) {
        ObjectNode i = NODES.objectNode();
        i.put("ID", daemonId);
        List<State> states = usage.containerStates().get();
        // As dockerd's state counter: restarting counts as running (its State.Running is true), all but running
        // and paused as stopped.
        long running = states.stream().filter(st -> st.status() == State.Status.RUNNING
                || st.status() == State.Status.RESTARTING).count();
        long paused = states.stream().filter(st -> st.status() == State.Status.PAUSED).count();
        i.put("Containers", states.size());
        i.put("ContainersRunning", running);
        i.put("ContainersPaused", paused);
        i.put("ContainersStopped", states.size() - running - paused);
        i.put("Images", images.images().size());
        i.put("Driver", "overlay2");
        ArrayNode status = i.putArray("DriverStatus");
        status.addArray().add("Backing Filesystem").add("extfs");
        status.addArray().add("Supports d_type").add("true");
        ObjectNode plugins = i.putObject("Plugins");
        plugins.putArray("Volume").add("local");
        plugins.putArray("Network").add("bridge").add("host").add("none");
        plugins.putArray("Log").add("json-file");
        i.put("MemoryLimit", true);
        i.put("SwapLimit", true);
        i.put("CpuCfsPeriod", true);
        i.put("CpuCfsQuota", true);
        i.put("CPUShares", true);
        i.put("CPUSet", true);
        i.put("PidsLimit", true);
        i.put("IPv4Forwarding", true);
        i.put("Debug", config.logLevel().equals("debug"));
        i.put("NFd", openFiles());
        i.put("OomKillDisable", false);
        i.put("NGoroutines", Thread.activeCount());
        i.put("SystemTime", java.time.OffsetDateTime.now().toString());
        i.put("LoggingDriver", "json-file");
        i.put("CgroupDriver", "cgroupfs");
        i.put("CgroupVersion", Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1");
        i.put("NEventsListener", 0);
        i.put("KernelVersion", kernel());
        i.put("OperatingSystem", operatingSystem());
        i.put("OSVersion", "");
        i.put("OSType", "linux");
        i.put("Architecture", System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch"));
        i.put("IndexServerAddress", "https://index.docker.io/v1/");
        ObjectNode registry = i.putObject("RegistryConfig");
        registry.putArray("InsecureRegistryCIDRs").add("::1/128").add("127.0.0.0/8");
        ObjectNode indexConfigs = registry.putObject("IndexConfigs");
        ObjectNode hub = indexConfigs.putObject("docker.io");
        hub.put("Name", "docker.io");
        ArrayNode hubMirrors = hub.putArray("Mirrors");
        config.registryMirrors().forEach(hubMirrors::add);
        hub.put("Secure", true);
        hub.put("Official", true);
        for (String insecure : config.insecureRegistries()) {
            ObjectNode c = indexConfigs.putObject(insecure);
            c.put("Name", insecure);
            c.putArray("Mirrors");
            c.put("Secure", false);
            c.put("Official", false);
        }
        ArrayNode mirrors = registry.putArray("Mirrors");
        config.registryMirrors().forEach(mirrors::add);
        i.put("NCPU", Runtime.getRuntime().availableProcessors());
        i.put("MemTotal", memTotal());
        i.put("DockerRootDir", config.dataRoot().toString());
        i.put("HttpProxy", "");
        i.put("HttpsProxy", "");
        i.put("NoProxy", "");
        i.put("Name", hostname());
        i.putArray("Labels");
        i.put("ExperimentalBuild", false);
        i.put("ServerVersion", ApiVersion.ENGINE_VERSION);
        ObjectNode runtimes = i.putObject("Runtimes");
        runtimes.putObject("runc").put("path", "runc");
        if (!config.defaultRuntime().equals("runc")) {
            runtimes.putObject(config.defaultRuntime()).put("path", config.defaultRuntime());
        }
        i.put("DefaultRuntime", config.defaultRuntime());
        ObjectNode swarm = i.putObject("Swarm");
        swarm.put("NodeID", "");
        swarm.put("NodeAddr", "");
        swarm.put("LocalNodeState", "inactive");
        swarm.put("ControlAvailable", false);
        swarm.put("Error", "");
        swarm.putNull("RemoteManagers");
        i.put("LiveRestoreEnabled", false);
        i.put("Isolation", "");
        i.put("InitBinary", "");
        i.putObject("ContainerdCommit").put("ID", "");
        i.putObject("RuncCommit").put("ID", "");
        i.putObject("InitCommit").put("ID", "");
        i.putArray("SecurityOptions").add("name=seccomp,profile=builtin");
        i.putArray("Warnings");
        res.json(HttpResponseStatus.OK, i);
    }

    /**
     * Streams events as newline-separated JSON until {@code until} passes or the client leaves; {@code since} replays
     * the kept ones first.
     */
    private void events(ApiRequest req, ApiResponse res) throws IOException {
        Map<String, List<String>> filters = req.filters();
        for (String key : filters.keySet()) {
            if (!EVENT_FILTERS.contains(key)) {
                throw BerthException.invalid("invalid filter '" + key + "'");
            }
        }
        Instant now = Instant.now();
        Instant since = req.query("since").map(s -> time(s, now)).orElse(now);
        Instant until = req.query("until").map(s -> time(s, now)).orElse(Instant.MAX);
        if (since.isAfter(now)) {
            throw BerthException.invalid("since time (" + since + ") cannot be in the future");
        }
        if (req.query("since").isEmpty()) {
            since = Instant.MAX;
        }
        Predicate<Event> filter = e -> accepts(filters, e);
        try (EventBus.Subscription sub = images.events().subscribe(filter, since);
                OutputStream out = res.stream(HttpResponseStatus.OK, "application/json")) {
            out.flush();
            while (true) {
                Event e = sub.queue().poll();
                if (e == null) {
                    Instant current = Instant.now();
                    if (!current.isBefore(until)) {
                        return;
                    }
                    long waitMs = until.isAfter(current.plusSeconds(1)) ? 1000
                            : Math.max(1, java.time.Duration.between(current, until).toMillis());
                    e = sub.queue().poll(waitMs, TimeUnit.MILLISECONDS);
                    if (e == null) {
                        continue;
                    }
                }
                if (e.time().isAfter(until)) {
                    continue;
                }
                out.write(Json.bytes(EventJson.of(e)));
                out.write('\n');
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Instant time(String value, Instant now) {
        try {
            if (value.matches("-?\\d+(\\.\\d+)?")) {
                java.math.BigDecimal seconds = new java.math.BigDecimal(value);
                return Instant.ofEpochSecond(seconds.longValue(),
                        seconds.remainder(java.math.BigDecimal.ONE).movePointRight(9).longValue());
            }
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (RuntimeException e) {
            throw BerthException.invalid("failed to parse value as time or duration: \"" + value + "\"");
        }
    }

    private static boolean accepts(Map<String, List<String>> filters, Event e) {
        for (String objectType : List.of("container", "network", "volume", "daemon", "plugin", "node", "service",
                "secret", "config")) {
            // A filter on another kind of object matches only events of that kind.
            if (filters.containsKey(objectType) && !e.type().equals(objectType)) {
                return false;
            }
        }
        List<String> types = filters.getOrDefault("type", List.of());
        if (!types.isEmpty() && !types.contains(e.type())) {
            return false;
        }
        List<String> actions = filters.getOrDefault("event", List.of());
        if (!actions.isEmpty() && !actions.contains(e.action())) {
            return false;
        }
        List<String> names = filters.getOrDefault("image", List.of());
        if (!names.isEmpty()) {
            // A container's events match the image it was made from, as the request named it.
            String image = e.attributes().getOrDefault("image", "");
            String name = e.attributes().getOrDefault("name", "");
            boolean match = e.type().equals("container")
                    ? names.stream().anyMatch(n -> n.equals(image) || image.equals(n + ":latest"))
                    : e.type().equals("image") && names.stream().anyMatch(n -> n.equals(e.actorId())
                            || n.equals(name) || name.equals(n + ":latest") || e.actorId().startsWith("sha256:" + n));
            if (!match) {
                return false;
            }
        }
        List<String> volumes = filters.getOrDefault("volume", List.of());
        if (!volumes.isEmpty() && !volumes.contains(e.actorId())) {
            return false;
        }
        List<String> containers = filters.getOrDefault("container", List.of());
        if (!containers.isEmpty()) {
            String name = e.attributes().getOrDefault("name", "");
            if (containers.stream().noneMatch(c -> c.equals(name) || !c.isEmpty() && e.actorId().startsWith(c))) {
                return false;
            }
        }
        return ImageQuery.labelsMatch(e.attributes(), filters.getOrDefault("label", List.of()));
    }

    /** {@code GET /system/df}: images with their shared sizes and users, containers with their sizes, volumes. */
    private void diskUsage(ApiRequest req, ApiResponse res) {
        List<ImageSummary> all = new ImageQuery(images).all();
        Map<dev.berth.oci.digest.Digest, Integer> users = new java.util.HashMap<>();
        Map<dev.berth.oci.digest.Digest, Long> sizes = new java.util.HashMap<>();
        for (ImageSummary s : all) {
            s.image().layers().forEach(l -> {
                users.merge(l.chainId(), 1, Integer::sum);
                sizes.put(l.chainId(), l.size());
            });
        }
        ObjectNode df = NODES.objectNode();
        df.put("LayersSize", sizes.values().stream().mapToLong(Long::longValue).sum());
        ArrayNode list = df.putArray("Images");
        for (ImageSummary s : all) {
            long shared = s.image().layers().stream().filter(l -> users.get(l.chainId()) > 1)
                    .mapToLong(ImageLayer::size).sum();
            ObjectNode n = ImageJson.summary(s, req.version());
            n.put("SharedSize", shared);
            n.put("Containers", images.users(s.image().id()).size());
            list.add(n);
        }
        df.set("Containers", usage.containers().get());
        df.set("Volumes", usage.volumes().get());
        df.putArray("BuildCache");
        res.json(HttpResponseStatus.OK, df);
    }

    private static String kernel() {
        return System.getProperty("os.version");
    }

    private static String operatingSystem() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            return "Linux";
        }
        return "Linux";
    }

    private static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static int openFiles() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
