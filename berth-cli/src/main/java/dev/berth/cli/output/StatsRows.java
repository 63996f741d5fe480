package dev.berth.cli.output;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * One row of {@code docker stats} from a {@code GET /containers/{id}/stats} sample: CPU % from the delta to the
 * previous sample over the system's delta times the online CPUs, memory without the page cache, network and block
 * I/O totals, PIDs — computed as the docker CLI computes them.
 */
public final class StatsRows {
    public static final ObjectNode LABELS = labels();
    public static final String DEFAULT_FORMAT = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}"
            + "\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

    private StatsRows() {}

    /** @param container the name or ID the user gave (docker's {@code .Container}) */
    public static ObjectNode row(String container, JsonNode s, boolean noTrunc) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        String id = s.path("id").asText("");
        String name = s.path("name").asText("");
        double cpu = cpuPercent(s);
        double mem = memoryUsage(s.path("memory_stats"));
        double limit = s.path("memory_stats").path("limit").asDouble();
        double memPercent = limit == 0 ? 0 : mem / limit * 100;
        row.put("BlockIO", blockIo(s.path("blkio_stats")));
        row.put("CPUPerc", percent(cpu));
        row.put("Container", container);
        row.put("ID", noTrunc ? id : ImageIds.truncate(id));
        row.put("MemPerc", percent(memPercent));
        row.put("MemUsage", HumanSize.binary(mem) + " / " + HumanSize.binary(limit));
        row.put("Name", name.startsWith("/") ? name.substring(1) : name);
        row.put("NetIO", netIo(s.path("networks")));
        row.put("PIDs", Long.toString(s.path("pids_stats").path("current").asLong()));
        return row;
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f%%", value);
    }

    private static double cpuPercent(JsonNode s) {
        JsonNode cpu = s.path("cpu_stats");
        JsonNode pre = s.path("precpu_stats");
        double cpuDelta = cpu.path("cpu_usage").path("total_usage").asDouble()
                - pre.path("cpu_usage").path("total_usage").asDouble();
        double systemDelta = cpu.path("system_cpu_usage").asDouble() - pre.path("system_cpu_usage").asDouble();
        double online = cpu.path("online_cpus").asDouble();
        if (online == 0) {
            online = cpu.path("cpu_usage").path("percpu_usage").size();
        }
        return systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * online * 100 : 0;
    }

    /** Usage less the inactive page cache (cgroup v1 {@code total_inactive_file}, v2 {@code inactive_file}). */
    private static double memoryUsage(JsonNode m) {
        double usage = m.path("usage").asDouble();
        JsonNode stats = m.path("stats");
        double inactive = stats.has("total_inactive_file") ? stats.path("total_inactive_file").asDouble()
                : stats.path("inactive_file").asDouble();
        return inactive < usage ? usage - inactive : usage;
    }

    private static String netIo(JsonNode networks) {
        double rx = 0;
        double tx = 0;
        for (JsonNode n : networks) {
            rx += n.path("rx_bytes").asDouble();
            tx += n.path("tx_bytes").asDouble();
        }
        return HumanSize.withPrecision(rx, 3) + " / " + HumanSize.withPrecision(tx, 3);
    }

    private static String blockIo(JsonNode blkio) {
        double read = 0;
        double write = 0;
        for (JsonNode e : blkio.path("io_service_bytes_recursive")) {
            String op = e.path("op").asText("").toLowerCase(Locale.ROOT);
            if (op.equals("read")) {
                read += e.path("value").asDouble();
            } else if (op.equals("write")) {
                write += e.path("value").asDouble();
            }
        }
        return HumanSize.withPrecision(read, 3) + " / " + HumanSize.withPrecision(write, 3);
    }

    private static ObjectNode labels() {
        ObjectNode l = JsonNodeFactory.instance.objectNode();
        l.put("BlockIO", "BLOCK I/O");
        l.put("CPUPerc", "CPU %");
        l.put("Container", "CONTAINER");
        l.put("ID", "CONTAINER ID");
        l.put("MemPerc", "MEM %");
        l.put("MemUsage", "MEM USAGE / LIMIT");
        l.put("Name", "NAME");
        l.put("NetIO", "NET I/O");
        l.put("PIDs", "PIDS");
        return l;
    }
}
