package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A container's cgroup as the kernel shows it, for {@code docker top} (its processes) and {@code docker stats} (its
 * usage): per-controller directories under {@code /sys/fs/cgroup} with cgroup v1 (this host), one unified directory
 * with v2 (where {@code cgroup.controllers} exists at the root).
 */
public final class ContainerCgroup {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private final String path;
    private final boolean relative;
    private final boolean v2;

    private ContainerCgroup(String path, boolean v2) {
        this.relative = !path.startsWith("/");
        this.path = path.replaceAll("^/+", "");
        this.v2 = v2;
    }

    /**
     * The cgroup at {@code cgroupsPath} as the runtime was given it: an absolute one below each controller's root, a
     * relative one (a relative {@code --cgroup-parent}) below the daemon's own cgroup, where the runtime runs.
     */
    public static ContainerCgroup of(String cgroupsPath) {
        return new ContainerCgroup(cgroupsPath, Files.exists(ROOT.resolve("cgroup.controllers")));
    }

    public boolean v2() {
        return v2;
    }

    /** The pids of every process in the container, as seen from the host. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (String line : lines(dir("pids").resolve("cgroup.procs"))) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.strip()));
            }
        }
        return pids;
    }

    /** One reading of the container's usage (docker's stats JSON is made from it). */
    public record Sample(long memoryUsage, OptionalLong memoryLimit, Map<String, Long> memoryStat, long cpuTotalNanos,
            List<Long> perCpuNanos, long cpuUserNanos, long cpuSystemNanos, long throttledPeriods, long periods,
            long throttledNanos, long pidsCurrent, OptionalLong pidsLimit, List<BlkioEntry> blkio) {}

    /** One line of blkio (or io.stat) service bytes: device, operation, bytes. */
    public record BlkioEntry(int major, int minor, String op, long value) {}

    public Sample sample() {
        return v2 ? sampleV2() : sampleV1();
    }

    private Sample sampleV1() {
        Path memory = dir("memory");
        Path cpuacct = dir("cpuacct");
        Map<String, Long> memStat = keyValues(memory.resolve("memory.stat"));
        long limit = number(memory.resolve("memory.limit_in_bytes")).orElse(Long.MAX_VALUE);
        List<Long> perCpu = new ArrayList<>();
        for (String s : String.join(" ", lines(cpuacct.resolve("cpuacct.usage_percpu"))).trim().split("\\s+")) {
            if (!s.isEmpty()) {
                perCpu.add(Long.parseLong(s));
            }
        }
        Map<String, Long> cpuStat = keyValues(cpuacct.resolve("cpuacct.stat"));
        Map<String, Long> throttling = keyValues(dir("cpu").resolve("cpu.stat"));
        long tick = 10_000_000L;
        List<BlkioEntry> blkio = new ArrayList<>();
        for (String line : lines(dir("blkio").resolve("blkio.throttle.io_service_bytes"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].contains(":")) {
                String[] dev = f[0].split(":");
                blkio.add(new BlkioEntry(Integer.parseInt(dev[0]), Integer.parseInt(dev[1]), f[1],
                        Long.parseLong(f[2])));
            }
        }
        return new Sample(number(memory.resolve("memory.usage_in_bytes")).orElse(0),
                limit >= Long.MAX_VALUE / 2 ? OptionalLong.empty() : OptionalLong.of(limit), memStat,
                number(cpuacct.resolve("cpuacct.usage")).orElse(0), perCpu,
                cpuStat.getOrDefault("user", 0L) * tick, cpuStat.getOrDefault("system", 0L) * tick,
                throttling.getOrDefault("nr_throttled", 0L), throttling.getOrDefault("nr_periods", 0L),
                throttling.getOrDefault("throttled_time", 0L), number(dir("pids").resolve("pids.current")).orElse(0),
                number(dir("pids").resolve("pids.max")), blkio);
    }

    private Sample sampleV2() {
        Path d = dir("");
        Map<String, Long> cpu = keyValues(d.resolve("cpu.stat"));
        List<BlkioEntry> blkio = new ArrayList<>();
        for (String line : lines(d.resolve("io.stat"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 1 && f[0].contains(":")) {
                String[] dev = f[0].split(":");
                for (int i = 1; i < f.length; i++) {
                    String[] kv = f[i].split("=");
                    if (kv[0].equals("rbytes") || kv[0].equals("wbytes")) {
                        blkio.add(new BlkioEntry(Integer.parseInt(dev[0]), Integer.parseInt(dev[1]),
                                kv[0].equals("rbytes") ? "read" : "write", Long.parseLong(kv[1])));
                    }
                }
            }
        }
        return new Sample(number(d.resolve("memory.current")).orElse(0), number(d.resolve("memory.max")),
                keyValues(d.resolve("memory.stat")), cpu.getOrDefault("usage_usec", 0L) * 1000, List.of(),
                cpu.getOrDefault("user_usec", 0L) * 1000, cpu.getOrDefault("system_usec", 0L) * 1000,
                cpu.getOrDefault("nr_throttled", 0L), cpu.getOrDefault("nr_periods", 0L),
                cpu.getOrDefault("throttled_usec", 0L) * 1000, number(d.resolve("pids.current")).orElse(0),
                number(d.resolve("pids.max")), blkio);
    }

    /** The host's total CPU time in nanoseconds (docker's {@code system_cpu_usage}), from {@code /proc/stat}. */
    public static long systemCpuNanos() {
        for (String line : lines(Path.of("/proc/stat"))) {
            if (line.startsWith("cpu ")) {
                long ticks = 0;
                String[] f = line.trim().split("\\s+");
                for (int i = 1; i < Math.min(f.length, 8); i++) {
                    ticks += Long.parseLong(f[i]);
                }
                return ticks * 10_000_000L;
            }
        }
        return 0;
    }

    private Path dir(String controller) {
        Path root = v2 ? ROOT : ROOT.resolve(controller);
        return (relative ? root.resolve(ownCgroup(controller)) : root).resolve(path);
    }

    /** The daemon's cgroup of {@code controller} ("" with v2), relative to its root: from /proc/self/cgroup. */
    private String ownCgroup(String controller) {
        for (String line : lines(Path.of("/proc/self/cgroup"))) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && (v2 ? f[1].isEmpty() : List.of(f[1].split(",")).contains(controller))) {
                return f[2].replaceAll("^/+", "");
            }
        }
        throw BerthException.notFound("cgroup " + controller + " of the daemon: not in /proc/self/cgroup");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw BerthException.io("read " + file, e);
        }
    }

    private static OptionalLong number(Path file) {
        List<String> l = lines(file);
        if (l.isEmpty() || l.get(0).isBlank() || l.get(0).strip().equals("max")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(l.get(0).strip()));
    }

    private static Map<String, Long> keyValues(Path file) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : lines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && f[1].matches("\\d+")) {
                m.put(f[0], Long.parseLong(f[1]));
            }
        }
        return m;
    }
}
