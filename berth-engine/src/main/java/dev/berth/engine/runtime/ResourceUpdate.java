package dev.berth.engine.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The limits {@code docker update} changes on a running container, each only when given: memory, memory+swap and
 * memory reservation in bytes, CPU shares, CPU quota per period in microseconds, the CPUs and memory nodes it may
 * use, the pids limit, the block I/O weight, the real-time CPU period and runtime in microseconds. As the runtime's
 * {@code update} flags.
 */
public record ResourceUpdate(OptionalLong memory, OptionalLong memorySwap, OptionalLong memoryReservation,
        OptionalLong cpuShares, OptionalLong cpuQuota, OptionalLong cpuPeriod, Optional<String> cpusetCpus,
        Optional<String> cpusetMems, OptionalLong pidsLimit, OptionalLong blkioWeight, OptionalLong cpuRealtimePeriod,
        OptionalLong cpuRealtimeRuntime) {
    public ResourceUpdate(OptionalLong memory, OptionalLong memorySwap, OptionalLong memoryReservation,
            OptionalLong cpuShares, OptionalLong cpuQuota, OptionalLong cpuPeriod, Optional<String> cpusetCpus,
            Optional<String> cpusetMems, OptionalLong pidsLimit) {
        this(memory, memorySwap, memoryReservation, cpuShares, cpuQuota, cpuPeriod, cpusetCpus, cpusetMems, pidsLimit,
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    }

    List<String> flags() {
        List<String> args = new ArrayList<>();
        flag(args, "--memory", memory);
        flag(args, "--memory-swap", memorySwap);
        flag(args, "--memory-reservation", memoryReservation);
        flag(args, "--cpu-share", cpuShares);
        flag(args, "--cpu-quota", cpuQuota);
        flag(args, "--cpu-period", cpuPeriod);
        cpusetCpus.ifPresent(v -> args.addAll(List.of("--cpuset-cpus", v)));
        cpusetMems.ifPresent(v -> args.addAll(List.of("--cpuset-mems", v)));
        flag(args, "--pids-limit", pidsLimit);
        flag(args, "--blkio-weight", blkioWeight);
        flag(args, "--cpu-rt-period", cpuRealtimePeriod);
        flag(args, "--cpu-rt-runtime", cpuRealtimeRuntime);
        return args;
    }

    private static void flag(List<String> args, String name, OptionalLong value) {
        value.ifPresent(v -> args.addAll(List.of(name, Long.toString(v))));
    }
}
