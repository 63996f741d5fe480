package dev.berth.engine.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds a bundle's {@code config.json} (OCI runtime spec, config.md and config-linux.md) with Docker's defaults (moby
 * {@code oci/defaults.go} and {@code daemon/oci_linux.go}): new pid, ipc, uts, mount, network and cgroup
 * namespaces, less those the container shares ({@link Namespaces}: the host's left out, others joined by path);
 * Docker's capability set; masked and read-only /proc and /sys paths; /proc, /dev, /dev/pts, /dev/shm,
 * /dev/mqueue, /sys and the cgroup file system mounted (/dev/shm as the {@link Namespaces.Shm} says);
 * /etc/hosts, /etc/hostname and /etc/resolv.conf bind-mounted from the bundle; device cgroup allowing only Docker's
 * default devices and the container's {@link Device}s and rules; the sysctls; the resource limits; the seccomp
 * filter of its {@link Seccomp} choice (Docker's default profile unless unconfined). Privileged containers get every
 * capability, the host's devices and no masked or read-only paths nor seccomp filter, as Docker's
 * {@code --privileged}.
 */
public final class RuntimeSpec {
    static final List<String> MASKED_PATHS = List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");
    /** The container's {@code --group-add}, kept for the users its execs run as (config.md "Annotations"). */
    static final String GROUP_ADD = "dev.berth.group-add";
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
        if (!spec.namespaces().shared().containsKey("uts")) {
            // runc refuses to set a hostname without a UTS namespace of the container's own.
            config.put("hostname", spec.hostname());
        }
        config.set("mounts", withUserMounts(mounts(spec.security().privileged(), bundle, spec.namespaces().shm()),
                spec.mounts()));
        config.set("linux", linux(spec, cgroupsPath));
        Map<String, String> annotations = new TreeMap<>(spec.annotations());
        if (!spec.security().groupAdd().isEmpty()) {
            annotations.put(GROUP_ADD, String.join(",", spec.security().groupAdd()));
        }
        if (!annotations.isEmpty()) {
            annotations.forEach(config.putObject("annotations")::put);
        }
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
        process.put("noNewPrivileges", spec.security().noNewPrivileges());
        spec.resources().oomScoreAdj().ifPresent(adj -> process.put("oomScoreAdj", adj));
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

    private static ArrayNode mounts(boolean privileged, Path bundle, Namespaces.Shm shm) {
        ArrayNode mounts = JsonNodeFactory.instance.arrayNode();
        mount(mounts, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
        mount(mounts, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
        mount(mounts, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666",
                "mode=0620", "gid=5");
        mount(mounts, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", privileged ? "rw" : "ro");
        mount(mounts, "/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime",
                privileged ? "rw" : "ro");
        mount(mounts, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
        switch (shm) {
            case Namespaces.Shm.Tmpfs t -> mount(mounts, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev",
                    "mode=1777", "size=" + t.sizeBytes());
            case Namespaces.Shm.Bind b -> mount(mounts, "/dev/shm", "bind", b.source().toString(), "rbind", "nosuid",
                    "noexec", "nodev");
            case Namespaces.Shm.None n -> {
            }
        }
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
        Map<String, Optional<Path>> shared = spec.namespaces().shared();
        for (String type : NAMESPACES) {
            Optional<Path> join = shared.getOrDefault(type, Optional.empty());
            if (!shared.containsKey(type) || join.isPresent()) {
                ObjectNode ns = namespaces.addObject().put("type", type);
                join.ifPresent(path -> ns.put("path", path.toString()));
            }
        }
        ObjectNode net = namespaces.addObject().put("type", "network");
        spec.networkNamespace().ifPresent(path -> net.put("path", path.toString()));
        if (!spec.namespaces().sysctls().isEmpty()) {
            ObjectNode sysctl = linux.putObject("sysctl");
            new TreeMap<>(spec.namespaces().sysctls()).forEach(sysctl::put);
        }
        linux.put("cgroupsPath", cgroupsPath);
        linux.set("resources", resources(spec.resources(), spec.security()));
        ArrayNode devices = linux.putArray("devices");
        for (Device d : spec.security().devices()) {
            devices.addObject().put("path", d.path()).put("type", d.type()).put("major", d.major())
                    .put("minor", d.minor()).put("fileMode", d.fileMode()).put("uid", d.uid()).put("gid", d.gid());
        }
        if (!spec.security().privileged()) {
            strings(linux.putArray("maskedPaths"), spec.security().maskedPaths().orElse(MASKED_PATHS));
            strings(linux.putArray("readonlyPaths"), spec.security().readonlyPaths().orElse(READONLY_PATHS));
            SeccompFilter.of(spec.security().seccomp(), Capabilities.of(false, spec.security().capAdd(),
                    spec.security().capDrop())).ifPresent(filter -> linux.set("seccomp", filter));
        }
        return linux;
    }

    private static ObjectNode resources(Resources r, ContainerSpec.Security security) {
        ObjectNode resources = JsonNodeFactory.instance.objectNode();
        resources.set("devices", DeviceRules.of(security));
        ObjectNode memory = JsonNodeFactory.instance.objectNode();
        r.memory().ifPresent(limit -> memory.put("limit", limit));
        r.effectiveSwap().ifPresent(swap -> memory.put("swap", swap));
        r.memoryReservation().ifPresent(reservation -> memory.put("reservation", reservation));
        r.memorySwappiness().ifPresent(swappiness -> memory.put("swappiness", swappiness));
        if (r.oomKillDisable()) {
            memory.put("disableOOMKiller", true);
        }
        r.kernelMemory().ifPresent(kernel -> memory.put("kernel", kernel));
        if (!memory.isEmpty()) {
            resources.set("memory", memory);
        }
        ObjectNode cpu = JsonNodeFactory.instance.objectNode();
        r.cpuShares().ifPresent(shares -> cpu.put("shares", shares));
        r.effectiveCpuQuota().ifPresent(quota -> cpu.put("quota", quota));
        r.effectiveCpuPeriod().ifPresent(period -> cpu.put("period", period));
        r.cpusetCpus().ifPresent(cpus -> cpu.put("cpus", cpus));
        r.cpusetMems().ifPresent(mems -> cpu.put("mems", mems));
        r.cpuRealtimePeriod().ifPresent(period -> cpu.put("realtimePeriod", period));
        r.cpuRealtimeRuntime().ifPresent(runtime -> cpu.put("realtimeRuntime", runtime));
        if (!cpu.isEmpty()) {
            resources.set("cpu", cpu);
        }
        r.pidsLimit().ifPresent(limit -> resources.putObject("pids").put("limit", limit));
        if (!r.blockIo().isEmpty()) {
            resources.set("blockIO", blockIo(r.blockIo()));
        }
        return resources;
    }

    private static ObjectNode blockIo(BlockIo b) {
        ObjectNode blockIo = JsonNodeFactory.instance.objectNode();
        b.weight().ifPresent(weight -> blockIo.put("weight", weight));
        ArrayNode weights = JsonNodeFactory.instance.arrayNode();
        b.weightDevices().forEach(w -> device(weights, w.device()).put("weight", w.weight()));
        if (!weights.isEmpty()) {
            blockIo.set("weightDevice", weights);
        }
        throttles(blockIo, "throttleReadBpsDevice", b.readBps());
        throttles(blockIo, "throttleWriteBpsDevice", b.writeBps());
        throttles(blockIo, "throttleReadIOPSDevice", b.readIops());
        throttles(blockIo, "throttleWriteIOPSDevice", b.writeIops());
        return blockIo;
    }

    private static void throttles(ObjectNode blockIo, String field, List<BlockIo.Throttle> throttles) {
        if (!throttles.isEmpty()) {
            ArrayNode array = blockIo.putArray(field);
            throttles.forEach(t -> device(array, t.device()).put("rate", t.rate()));
        }
    }

    private static ObjectNode device(ArrayNode array, BlockIo.DeviceNumber d) {
        return array.addObject().put("major", d.major()).put("minor", d.minor());
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
