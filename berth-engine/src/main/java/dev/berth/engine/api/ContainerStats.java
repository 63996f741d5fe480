package dev.berth.engine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.container.Container;
import dev.berth.engine.ops.ContainerOps;
import dev.berth.engine.runtime.ContainerCgroup;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Json;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /containers/{id}/top} (the host's {@code ps} with {@code ps_args}, rows of the container's processes
 * only, as dockerd does) and {@code GET /containers/{id}/stats} (docker's stats JSON from the container's cgroup, one
 * reading a second when streamed; the CLI computes CPU % from {@code cpu_stats} against {@code precpu_stats}).
 */
final class ContainerStats {
    private static final long INTERVAL_MILLIS = 1000;

    private final ContainerOps ops;

    ContainerStats(ContainerOps ops) {
        this.ops = ops;
    }

    void top(ApiRequest req, ApiResponse res) throws IOException {
        ContainerCgroup cgroup = ops.cgroup(req.param(0));
        String psArgs = req.query("ps_args").filter(a -> !a.isBlank()).orElse("-ef");
        List<String> argv = new ArrayList<>(List.of("ps"));
        argv.addAll(List.of(psArgs.trim().split("\\s+")));
        Process ps = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (ps.waitFor() != 0) {
                throw new BerthException(ErrorKind.INTERNAL, "Error running ps: exit status " + ps.exitValue()
                        + ": " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.UNAVAILABLE, "ps interrupted", e);
        }
        List<String> lines = output.lines().toList();
        String[] titles = lines.isEmpty() ? new String[0] : lines.getFirst().trim().split("\\s+");
        int pidColumn = List.of(titles).indexOf("PID");
        if (pidColumn < 0) {
            throw new BerthException(ErrorKind.INTERNAL, "Couldn't find PID field in ps output");
        }
        Set<Long> pids = new HashSet<>(cgroup.pids());
        ObjectNode out = SystemRoutes.NODES.objectNode();
        ArrayNode t = out.putArray("Titles");
        for (String title : titles) {
            t.add(title);
        }
        ArrayNode processes = out.putArray("Processes");
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] fields = line.trim().split("\\s+", titles.length);
            if (fields.length > pidColumn && fields[pidColumn].matches("\\d+")
                    && pids.contains(Long.parseLong(fields[pidColumn]))) {
                ArrayNode row = processes.addArray();
                for (String f : fields) {
                    row.add(f);
                }
            }
        }
        res.json(HttpResponseStatus.OK, out);
    }

    void stats(ApiRequest req, ApiResponse res) throws IOException {
        Container c = ops.containers().get(req.param(0));
        boolean stream = req.query("stream").map(s -> !s.equals("0") && !s.equalsIgnoreCase("false")).orElse(true);
        boolean oneShot = req.flag("one-shot");
        if (!c.state().running()) {
            res.json(HttpResponseStatus.OK, empty(c));
            return;
        }
        ContainerCgroup cgroup = ops.cgroup(c.id());
        Reading previous = Reading.take(cgroup);
        try (OutputStream out = res.stream(HttpResponseStatus.OK, "application/json")) {
            if (!stream && oneShot) {
                write(out, json(c, previous, null));
                return;
            }
            while (true) {
                sleep();
                Container now = ops.containers().get(c.id());
                if (!now.state().running()) {
                    return;
                }
                Reading current = Reading.take(cgroup);
                write(out, json(now, current, previous));
                if (!stream || !res.connectionOpen()) {
                    return;
                }
                previous = current;
            }
        }
    }

    private static void write(OutputStream out, ObjectNode json) throws IOException {
        out.write(Json.MAPPER.writeValueAsBytes(json));
        out.write('\n');
        out.flush();
    }

    private static void sleep() {
        try {
            Thread.sleep(INTERVAL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.UNAVAILABLE, "stats interrupted", e);
        }
    }

    /** A cgroup sample with the time and the host's CPU counter taken with it. */
    private record Reading(Instant read, ContainerCgroup.Sample sample, long systemCpu) {
        static Reading take(ContainerCgroup cgroup) {
            return new Reading(Instant.now(), cgroup.sample(), ContainerCgroup.systemCpuNanos());
        }
    }

    private ObjectNode json(Container c, Reading r, Reading pre) {
        ObjectNode n = SystemRoutes.NODES.objectNode();
        n.put("read", r.read().toString());
        n.put("preread", pre == null ? "0001-01-01T00:00:00Z" : pre.read().toString());
        ContainerCgroup.Sample s = r.sample();
        ObjectNode pids = n.putObject("pids_stats");
        pids.put("current", s.pidsCurrent());
        s.pidsLimit().ifPresent(l -> pids.put("limit", l));
        ObjectNode blkio = n.putObject("blkio_stats");
        ArrayNode bytes = blkio.putArray("io_service_bytes_recursive");
        for (ContainerCgroup.BlkioEntry e : s.blkio()) {
            bytes.addObject().put("major", e.major()).put("minor", e.minor()).put("op", e.op().toLowerCase(
                    java.util.Locale.ROOT)).put("value", e.value());
        }
        for (String empty : List.of("io_serviced_recursive", "io_queue_recursive", "io_service_time_recursive",
                "io_wait_time_recursive", "io_merged_recursive", "io_time_recursive", "sectors_recursive")) {
            blkio.putNull(empty);
        }
        n.put("num_procs", 0);
        n.putObject("storage_stats");
        n.set("cpu_stats", cpu(r));
        n.set("precpu_stats", pre == null ? emptyCpu() : cpu(pre));
        ObjectNode memory = n.putObject("memory_stats");
        memory.put("usage", s.memoryUsage());
        ObjectNode stat = memory.putObject("stats");
        s.memoryStat().forEach(stat::put);
        memory.put("limit", s.memoryLimit().orElse(hostMemory()));
        n.put("name", c.name());
        n.put("id", c.id());
        ObjectNode networks = n.putObject("networks");
        c.state().pid().ifPresent(pid -> netDev(pid, networks));
        return n;
    }

    private static ObjectNode cpu(Reading r) {
        ContainerCgroup.Sample s = r.sample();
        ObjectNode cpu = SystemRoutes.NODES.objectNode();
        ObjectNode usage = cpu.putObject("cpu_usage");
        usage.put("total_usage", s.cpuTotalNanos());
        if (!s.perCpuNanos().isEmpty()) {
            ArrayNode per = usage.putArray("percpu_usage");
            s.perCpuNanos().forEach(per::add);
        }
        usage.put("usage_in_kernelmode", s.cpuSystemNanos());
        usage.put("usage_in_usermode", s.cpuUserNanos());
        cpu.put("system_cpu_usage", r.systemCpu());
        cpu.put("online_cpus", Runtime.getRuntime().availableProcessors());
        cpu.putObject("throttling_data").put("periods", s.periods()).put("throttled_periods", s.throttledPeriods())
                .put("throttled_time", s.throttledNanos());
        return cpu;
    }

    private static ObjectNode emptyCpu() {
        ObjectNode cpu = SystemRoutes.NODES.objectNode();
        cpu.putObject("cpu_usage").put("total_usage", 0).put("usage_in_kernelmode", 0).put("usage_in_usermode", 0);
        cpu.putObject("throttling_data").put("periods", 0).put("throttled_periods", 0).put("throttled_time", 0);
        return cpu;
    }

    /** What docker answers for a container that does not run: the shape, all zero. */
    private static ObjectNode empty(Container c) {
        ObjectNode n = SystemRoutes.NODES.objectNode();
        n.put("read", "0001-01-01T00:00:00Z");
        n.put("preread", "0001-01-01T00:00:00Z");
        n.putObject("pids_stats");
        n.putObject("blkio_stats").putNull("io_service_bytes_recursive");
        n.put("num_procs", 0);
        n.putObject("storage_stats");
        n.set("cpu_stats", emptyCpu());
        n.set("precpu_stats", emptyCpu());
        n.putObject("memory_stats");
        n.put("name", c.name());
        n.put("id", c.id());
        return n;
    }

    private static long hostMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw BerthException.io("read /proc/meminfo", e);
        }
        return 0;
    }

    /** The container's interfaces but loopback, from {@code /proc/PID/net/dev} of its init process. */
    private static void netDev(int pid, ObjectNode networks) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc", Integer.toString(pid), "net", "dev"));
        } catch (IOException e) {
            return; // the process just exited: no network figures for this reading
        }
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (name.equals("lo") || f.length < 16) {
                continue;
            }
            networks.putObject(name).put("rx_bytes", Long.parseLong(f[0])).put("rx_packets", Long.parseLong(f[1]))
                    .put("rx_errors", Long.parseLong(f[2])).put("rx_dropped", Long.parseLong(f[3]))
                    .put("tx_bytes", Long.parseLong(f[8])).put("tx_packets", Long.parseLong(f[9]))
                    .put("tx_errors", Long.parseLong(f[10])).put("tx_dropped", Long.parseLong(f[11]));
        }
    }
}
