package dev.berth.engine.container;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * {@code --cpuset-cpus}, {@code --cpuset-mems} and {@code --cpus} checked against what the host has online, as
 * dockerd's {@code sysInfo.IsCpusetCpusAvailable}: a list of numbers and ranges ({@code 0-2,4}), each online.
 */
final class Cpusets {
    private static final Path CPUS_ONLINE = Path.of("/sys/devices/system/cpu/online");
    private static final Path NODES_ONLINE = Path.of("/sys/devices/system/node/online");

    private Cpusets() {}

    static void check(String cpus, String mems) {
        if (!cpus.isEmpty()) {
            check(cpus, CPUS_ONLINE, "Requested CPUs are not available", "Invalid value " + cpus
                    + " for cpuset cpus");
        }
        if (!mems.isEmpty()) {
            check(mems, NODES_ONLINE, "Requested memory nodes are not available", "Invalid value " + mems
                    + " for cpuset mems");
        }
    }

    /**
     * {@code --cpus} against the host's online CPUs, as dockerd: at least 0.01 and at most all of them (when the
     * host says how many it has).
     */
    static void checkNanoCpus(long nanoCpus) {
        int cpus = onlineCpus();
        if (cpus > 0 && (nanoCpus < 10_000_000L || nanoCpus > cpus * 1_000_000_000L)) {
            throw BerthException.invalid("Range of CPUs is from 0.01 to " + cpus + ".00, as there are only " + cpus
                    + " CPUs available");
        }
    }

    private static int onlineCpus() {
        try {
            return parse(Files.readString(CPUS_ONLINE).strip()).map(BitSet::cardinality).orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void check(String requested, Path online, String unavailable, String invalid) {
        BitSet wanted = parse(requested).orElseThrow(() -> BerthException.invalid(invalid));
        String available;
        try {
            available = Files.readString(online).strip();
        } catch (IOException e) {
            // A host without the file (no NUMA support): the runtime's own check remains.
            return;
        }
        BitSet missing = (BitSet) wanted.clone();
        missing.andNot(parse(available).orElse(new BitSet()));
        if (!missing.isEmpty()) {
            throw BerthException.invalid(unavailable + " - requested " + requested + ", available: " + available);
        }
    }

    /** A Linux cpu list ({@code 0-2,4}); empty when it is not one. */
    static java.util.Optional<BitSet> parse(String list) {
        BitSet set = new BitSet();
        for (String part : list.split(",", -1)) {
            String[] range = part.strip().split("-", -1);
            try {
                int from = Integer.parseInt(range[0]);
                int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
                if (range.length > 2 || from < 0 || to < from || to > 65535) {
                    return java.util.Optional.empty();
                }
                set.set(from, to + 1);
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(set);
    }
}
