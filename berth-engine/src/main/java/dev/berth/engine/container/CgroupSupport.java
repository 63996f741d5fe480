package dev.berth.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the host's cgroups offer of the limits dockerd checks against its sysinfo (moby {@code pkg/sysinfo},
 * {@code daemon_unix.go verifyPlatformContainerResources}): a block I/O or kernel memory limit the kernel cannot
 * set is dropped from the {@code HostConfig} with dockerd's warning (the create answers it, the CLI prints it); an
 * OOM killer disabled without a memory limit gets dockerd's warning too; a real-time CPU limit without the kernel's
 * support is refused. With cgroup v1 each limit is there when its file is
 * in the controller's root; with v2, the block I/O limits come with the {@code io} controller, and there is neither
 * kernel memory nor real-time CPU.
 */
public record CgroupSupport(boolean blkioWeight, boolean blkioWeightDevice, boolean readBps, boolean writeBps,
        boolean readIops, boolean writeIops, boolean kernelMemory, boolean cpuRealtime) {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private static final class Host {
        static final CgroupSupport SUPPORT = probe();
    }

    /** This host's, looked at once. */
    public static CgroupSupport host() {
        return Host.SUPPORT;
    }

    private static CgroupSupport probe() {
        Path controllers = ROOT.resolve("cgroup.controllers");
        if (Files.exists(controllers)) {
            boolean io;
            try {
                io = List.of(Files.readString(controllers).strip().split(" ")).contains("io");
            } catch (IOException e) {
                throw BerthException.io("read " + controllers, e);
            }
            return new CgroupSupport(io, io, io, io, io, io, false, false);
        }
        Path blkio = ROOT.resolve("blkio");
        return new CgroupSupport(Files.exists(blkio.resolve("blkio.weight")),
                Files.exists(blkio.resolve("blkio.weight_device")),
                Files.exists(blkio.resolve("blkio.throttle.read_bps_device")),
                Files.exists(blkio.resolve("blkio.throttle.write_bps_device")),
                Files.exists(blkio.resolve("blkio.throttle.read_iops_device")),
                Files.exists(blkio.resolve("blkio.throttle.write_iops_device")),
                Files.exists(ROOT.resolve("memory").resolve("memory.kmem.limit_in_bytes")),
                Files.exists(ROOT.resolve("cpu").resolve("cpu.rt_runtime_us")));
    }

    /** The warnings a create of {@code hostConfig} answers: {@link #discard}'s, the request left as it is. */
    public List<String> warnings(JsonNode hostConfig) {
        return hostConfig instanceof ObjectNode h ? discard(h.deepCopy()) : List.of();
    }

    /** A limit dockerd drops when the kernel cannot set it: its field, whether this host can, dockerd's warning. */
    private record Droppable(String field, Predicate<CgroupSupport> supported, String warning) {}

    private static final String NOT_MOUNTED = " or the cgroup is not mounted. ";
    private static final List<Droppable> DROPPABLE = List.of(
            new Droppable("KernelMemory", CgroupSupport::kernelMemory, "Your kernel does not support kernel memory"
                    + " limit capabilities" + NOT_MOUNTED + "Limitation discarded."),
            new Droppable("BlkioWeight", CgroupSupport::blkioWeight, "Your kernel does not support Block I/O weight"
                    + NOT_MOUNTED + "Weight discarded."),
            new Droppable("BlkioWeightDevice", CgroupSupport::blkioWeightDevice, "Your kernel does not support Block"
                    + " I/O weight_device" + NOT_MOUNTED + "Weight-device discarded."),
            new Droppable("BlkioDeviceReadBps", CgroupSupport::readBps, "Your kernel does not support BPS Block I/O"
                    + " read limit" + NOT_MOUNTED + "Block I/O BPS read limit discarded."),
            new Droppable("BlkioDeviceWriteBps", CgroupSupport::writeBps, "Your kernel does not support BPS Block I/O"
                    + " write limit" + NOT_MOUNTED + "Block I/O BPS write limit discarded."),
            new Droppable("BlkioDeviceReadIOps", CgroupSupport::readIops, "Your kernel does not support IOPS Block"
                    + " read limit" + NOT_MOUNTED + "Block I/O IOPS read limit discarded."),
            new Droppable("BlkioDeviceWriteIOps", CgroupSupport::writeIops, "Your kernel does not support IOPS Block"
                    + " write limit" + NOT_MOUNTED + "Block I/O IOPS write limit discarded."),
            new Droppable("CpuPercent", support -> false, "linux does not support CPU percent. Percent discarded."));

    /** Zeroes in {@code hostConfig} the limits the host cannot set; dockerd's warnings, in its order. */
    public List<String> discard(ObjectNode hostConfig) {
        List<String> warnings = new ArrayList<>();
        if (hostConfig.path("OomKillDisable").asBoolean(false) && hostConfig.path("Memory").asLong(0) <= 0) {
            warnings.add("OOM killer is disabled for the container, but no memory limit is set, this can result in"
                    + " the system running out of resources.");
        }
        if (UnsupportedSettings.isSet(hostConfig.get("KernelMemory"))) {
            warnings.add("Specifying a kernel memory limit is deprecated and will be removed in a future release.");
        }
        for (Droppable d : DROPPABLE) {
            if (!d.supported().test(this) && UnsupportedSettings.isSet(hostConfig.get(d.field()))) {
                if (hostConfig.get(d.field()).isArray()) {
                    hostConfig.putArray(d.field());
                } else {
                    hostConfig.put(d.field(), 0);
                }
                warnings.add(d.warning());
            }
        }
        return warnings;
    }

    /** Refuses what the host cannot do and dockerd refuses rather than drops. */
    public void check(ObjectNode hostConfig) {
        if (!cpuRealtime && (hostConfig.path("CpuRealtimePeriod").asLong(0) > 0
                || hostConfig.path("CpuRealtimeRuntime").asLong(0) > 0)) {
            throw BerthException.invalid("Your kernel does not support CPU real-time scheduler");
        }
    }
}
