package dev.berth.engine.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds a bundle's {@code config.json} (OCI runtime spec, config.md and config-linux.md) with Docker's defaults (moby
 * {@code oci/defaults.go} and {@code daemon/oci_linux.go}): new pid, ipc, uts, mount, network and cgroup
 * namespaces; Docker's capability set; masked and read-only /proc and /sys paths; /proc, /dev, /dev/pts, /dev/shm,
 * /dev/mqueue, /sys and the cgroup file system mounted; /etc/hosts, /etc/hostname and /etc/resolv.conf bind-mounted
 * from the bundle; device cgroup allowing only Docker's default devices; the resource limits. Privileged containers
 * get every capability and device and no masked or read-only paths, as Docker's {@code --privileged}.
 */
public final class RuntimeSpec {
    static final List<String> MASKED_PATHS = List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");
    private static final List<String> NAMESPACES = List.of("pid", "ipc", "uts", "mount", "cgroup");

    private RuntimeSpec() {}

    /**
     * The config of {@code spec} run as {@code user}, host files taken from {@code bundle}, in the cgroup
     * {@code cgroupsPath} (for runc's cgroupfs driver: a path below each controller's root, such as /berth/ID).
     */
    public static ObjectNode build(ContainerSpec spec, ContainerUser user, Path bundle, String cgroupsPath) {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.put("ociVersion", "1.0.2");
        config.set("process", process(spec, user));
        ObjectNode root = config.putObject("root");
        root.put("path", spec.rootfs().toString());
        root.put("readonly", spec.security().readOnlyRootfs());
        config.put("hostname", spec.hostname());
        config.set("mounts", withUserMounts(mounts(spec.security().privileged(), bundle), spec.mounts()));
        config.set("linux", linux(spec, cgroupsPath));
        return config;
    }

    private static ObjectNode process(ContainerSpec spec, ContainerUser user) {
        var image = spec.image();
        CommandLine command = CommandLine.combine(image.entrypoint(), image.cmd(), spec.entrypoint(), spec.cmd());
        ObjectNode process = JsonNodeFactory.instance.objectNode();
        process.put("terminal", spec.tty());
        spec.consoleSize().filter(size -> spec.tty()).ifPresent(size ->
                process.putObject("consoleSize").put("height", size[0]).put("width", size[1]));
        process.set("user", user.ociUser());
        strings(process.putArray("args"), command.args());
        strings(process.putArray("env"),
                Environment.of(spec.hostname(), spec.tty(), image.env().orElse(List.of()), spec.env()));
        process.put("cwd", workingDir(spec));
        ObjectNode caps = process.putObject("capabilities");
        List<String> set = Capabilities.of(spec.security().privileged(), spec.security().capAdd(),
                spec.security().capDrop());
        for (String kind : List.of("bounding", "effective", "permitted")) {
            strings(caps.putArray(kind), set);
        }
        ArrayNode rlimits = process.putArray("rlimits");
        for (Ulimit limit : spec.resources().ulimits()) {
            rlimits.addObject().put("type", limit.rlimitType())
                    .put("hard", limit.hard() == -1 ? -1L : limit.hard())
                    .put("soft", limit.soft() == -1 ? -1L : limit.soft());
        }
        process.put("noNewPrivileges", false);
        return process;
    }

    /** The request's WorkingDir, else the image's, else {@code /}; it must be absolute, as dockerd requires. */
    static String workingDir(ContainerSpec spec) {
        String dir = spec.workingDir().filter(w -> !w.isEmpty())
                .or(() -> spec.image().workingDir().filter(w -> !w.isEmpty())).orElse("/");
        if (!dir.startsWith("/")) {
            throw BerthException.invalid("the working directory '" + dir + "' is invalid, it needs to be an absolute"
                    + " path");
        }
        return dir;
    }

    private static ArrayNode mounts(boolean privileged, Path bundle) {
        ArrayNode mounts = JsonNodeFactory.instance.arrayNode();
        mount(mounts, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
        mount(mounts, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
        mount(mounts, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666",
                "mode=0620", "gid=5");
        mount(mounts, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", privileged ? "rw" : "ro");
        mount(mounts, "/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime",
                privileged ? "rw" : "ro");
        mount(mounts, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
        mount(mounts, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
        for (String file : HostFiles.NAMES) {
            mount(mounts, "/etc/" + file, "bind", bundle.resolve(file).toString(), "rbind", "rprivate");
        }
        return mounts;
    }

    /**
     * The defaults, less those whose destination a user mount takes, then the user mounts sorted by depth of their
     * destination (as moby's {@code sortMounts}), so that a mount on {@code /a} never hides one on {@code /a/b}.
     */
    private static ArrayNode withUserMounts(ArrayNode defaults, List<Mount> user) {
        java.util.Set<String> taken = new java.util.HashSet<>();
        user.forEach(m -> taken.add(m.destination()));
        ArrayNode mounts = JsonNodeFactory.instance.arrayNode();
        defaults.forEach(m -> {
            if (!taken.contains(m.get("destination").asText())) {
                mounts.add(m);
            }
        });
        user.stream().sorted(java.util.Comparator.comparingInt(m -> java.nio.file.Path.of(m.destination())
                        .normalize().getNameCount()))
                .forEach(m -> mount(mounts, m.destination(), m.type(), m.source(),
                        m.options().toArray(String[]::new)));
        return mounts;
    }

    private static void mount(ArrayNode mounts, String destination, String type, String source, String... options) {
        ObjectNode m = mounts.addObject();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        strings(m.putArray("options"), List.of(options));
    }

    private static ObjectNode linux(ContainerSpec spec, String cgroupsPath) {
        ObjectNode linux = JsonNodeFactory.instance.objectNode();
        ArrayNode namespaces = linux.putArray("namespaces");
        NAMESPACES.forEach(ns -> namespaces.addObject().put("type", ns));
        ObjectNode net = namespaces.addObject().put("type", "network");
        spec.networkNamespace().ifPresent(path -> net.put("path", path.toString()));
        linux.put("cgroupsPath", cgroupsPath);
        linux.set("resources", resources(spec.resources(), spec.security().privileged()));
        if (!spec.security().privileged()) {
            strings(linux.putArray("maskedPaths"), MASKED_PATHS);
            strings(linux.putArray("readonlyPaths"), READONLY_PATHS);
        }
        return linux;
    }

    private static ObjectNode resources(Resources r, boolean privileged) {
        ObjectNode resources = JsonNodeFactory.instance.objectNode();
        resources.set("devices", DeviceRules.of(privileged));
        if (r.memory().isPresent()) {
            ObjectNode memory = resources.putObject("memory");
            memory.put("limit", r.memory().getAsLong());
            r.effectiveSwap().ifPresent(swap -> memory.put("swap", swap));
        }
        if (r.nanoCpus().isPresent()) {
            resources.putObject("cpu").put("quota", r.cpuQuota().getAsLong())
                    .put("period", Resources.CPU_PERIOD_MICROS);
        }
        r.pidsLimit().ifPresent(limit -> resources.putObject("pids").put("limit", limit));
        return resources;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
