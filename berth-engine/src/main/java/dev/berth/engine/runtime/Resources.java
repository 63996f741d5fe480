package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The cgroup limits and rlimits of a container ({@code --memory}, {@code --memory-swap}, {@code --cpus},
 * {@code --pids-limit}, {@code --ulimit}, {@code --cpu-shares}, {@code --cpu-quota}, {@code --cpu-period},
 * {@code --cpuset-cpus}, {@code --cpuset-mems}, {@code --memory-reservation}, {@code --memory-swappiness},
 * {@code --oom-kill-disable}, {@code --oom-score-adj}, the block I/O limits, {@code --kernel-memory} (cgroup v1; runc
 * 1.1 no longer sets it, as under dockerd), {@code --cpu-rt-period} and {@code --cpu-rt-runtime}). Memory in bytes; CPUs in billionths of a CPU as Docker's
 * {@code NanoCpus}. As with dockerd, a memory limit without a swap limit allows as much swap again
 * ({@code memory-swap = 2 × memory}). Values are checked with dockerd's messages (moby {@code daemon_unix.go}
 * {@code verifyPlatformContainerResources}).
 */
public record Resources(OptionalLong memory, OptionalLong memorySwap, OptionalLong nanoCpus, OptionalLong pidsLimit,
        List<Ulimit> ulimits, OptionalLong cpuShares, OptionalLong cpuQuota, OptionalLong cpuPeriod,
        Optional<String> cpusetCpus, Optional<String> cpusetMems, OptionalLong memoryReservation,
        OptionalLong memorySwappiness, boolean oomKillDisable, OptionalInt oomScoreAdj, BlockIo blockIo,
        OptionalLong kernelMemory, OptionalLong cpuRealtimePeriod, OptionalLong cpuRealtimeRuntime) {
    /** Docker refuses less (moby {@code linuxMinMemory}): the runtime itself needs some. */
    public static final long MIN_MEMORY = 6 * 1024 * 1024;
    static final long CPU_PERIOD_MICROS = 100_000;

    public static final Resources NONE = new Resources(OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty(), List.of());

    public Resources {
        ulimits = List.copyOf(ulimits);
        if (memory.isPresent() && memory.getAsLong() < MIN_MEMORY) {
            throw BerthException.invalid("Minimum memory limit allowed is 6MB");
        }
        if (memorySwap.isPresent() && memorySwap.getAsLong() != -1
                && (memory.isEmpty() || memorySwap.getAsLong() < memory.getAsLong())) {
            throw BerthException.invalid(memory.isEmpty()
                    ? "You should always set the Memory limit when using Memoryswap limit, see usage"
                    : "Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (nanoCpus.isPresent() && nanoCpus.getAsLong() <= 0) {
            throw BerthException.invalid("Range of CPUs is from 0.01 to the number of CPUs available");
        }
        if (nanoCpus.isPresent() && (cpuQuota.isPresent() || cpuPeriod.isPresent())) {
            throw BerthException.invalid(cpuQuota.isPresent()
                    ? "Conflicting options: Nano CPUs and CPU Quota cannot both be set"
                    : "Conflicting options: Nano CPUs and CPU Period cannot both be set");
        }
        if (cpuPeriod.isPresent() && (cpuPeriod.getAsLong() < 1000 || cpuPeriod.getAsLong() > 1_000_000)) {
            throw BerthException.invalid("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s"
                    + " (i.e. 1000000)");
        }
        if (cpuQuota.isPresent() && cpuQuota.getAsLong() < 1000) {
            throw BerthException.invalid("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        }
        if (memoryReservation.isPresent() && memoryReservation.getAsLong() < MIN_MEMORY) {
            throw BerthException.invalid("Minimum memory reservation allowed is 6MB");
        }
        if (memory.isPresent() && memoryReservation.isPresent()
                && memory.getAsLong() < memoryReservation.getAsLong()) {
            throw BerthException.invalid("Minimum memory limit can not be less than memory reservation limit, see"
                    + " usage");
        }
        if (memorySwappiness.isPresent() && memorySwappiness.getAsLong() > 100) {
            throw BerthException.invalid("Invalid value: " + memorySwappiness.getAsLong() + ", valid memory"
                    + " swappiness range is 0-100");
        }
        Objects.requireNonNull(blockIo, "blockIo");
        if (kernelMemory.isPresent() && kernelMemory.getAsLong() < MIN_MEMORY) {
            throw BerthException.invalid("Minimum kernel memory limit allowed is 6MB");
        }
        if (cpuRealtimePeriod.isPresent() && cpuRealtimeRuntime.isPresent()
                && cpuRealtimeRuntime.getAsLong() > cpuRealtimePeriod.getAsLong()) {
            throw BerthException.invalid("cpu real-time runtime cannot be higher than cpu real-time period");
        }
        if (oomScoreAdj.isPresent() && Math.abs(oomScoreAdj.getAsInt()) > 1000) {
            throw BerthException.invalid("Invalid value " + oomScoreAdj.getAsInt() + ", range for oom score adj is"
                    + " [-1000, 1000]");
        }
    }

    /** The limits docker's first flags set; the rest at their defaults. */
    public Resources(OptionalLong memory, OptionalLong memorySwap, OptionalLong nanoCpus, OptionalLong pidsLimit,
            List<Ulimit> ulimits) {
        this(memory, memorySwap, nanoCpus, pidsLimit, ulimits, OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(), OptionalLong.empty(),
                false, OptionalInt.empty(), BlockIo.NONE, OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty());
    }

    public Resources withBlockIo(BlockIo b) {
        return new Resources(memory, memorySwap, nanoCpus, pidsLimit, ulimits, cpuShares, cpuQuota, cpuPeriod,
                cpusetCpus, cpusetMems, memoryReservation, memorySwappiness, oomKillDisable, oomScoreAdj, b,
                kernelMemory, cpuRealtimePeriod, cpuRealtimeRuntime);
    }

    public Resources withMemory(long bytes) {
        return new Resources(OptionalLong.of(bytes), memorySwap, nanoCpus, pidsLimit, ulimits, cpuShares, cpuQuota,
                cpuPeriod, cpusetCpus, cpusetMems, memoryReservation, memorySwappiness, oomKillDisable, oomScoreAdj, blockIo, kernelMemory,
                cpuRealtimePeriod, cpuRealtimeRuntime);
    }

    public Resources withNanoCpus(long nanos) {
        return new Resources(memory, memorySwap, OptionalLong.of(nanos), pidsLimit, ulimits, cpuShares, cpuQuota,
                cpuPeriod, cpusetCpus, cpusetMems, memoryReservation, memorySwappiness, oomKillDisable, oomScoreAdj, blockIo, kernelMemory,
                cpuRealtimePeriod, cpuRealtimeRuntime);
    }

    public Resources withPidsLimit(long limit) {
        return new Resources(memory, memorySwap, nanoCpus, OptionalLong.of(limit), ulimits, cpuShares, cpuQuota,
                cpuPeriod, cpusetCpus, cpusetMems, memoryReservation, memorySwappiness, oomKillDisable, oomScoreAdj, blockIo, kernelMemory,
                cpuRealtimePeriod, cpuRealtimeRuntime);
    }

    public Resources withUlimits(List<Ulimit> u) {
        return new Resources(memory, memorySwap, nanoCpus, pidsLimit, u, cpuShares, cpuQuota, cpuPeriod, cpusetCpus,
                cpusetMems, memoryReservation, memorySwappiness, oomKillDisable, oomScoreAdj, blockIo, kernelMemory,
                cpuRealtimePeriod, cpuRealtimeRuntime);
    }

    /** The memory + swap limit to set: the one asked for, else twice the memory limit; -1 is unlimited. */
    OptionalLong effectiveSwap() {
        if (memorySwap.isPresent()) {
            return memorySwap;
        }
        return memory.isPresent() ? OptionalLong.of(2 * memory.getAsLong()) : OptionalLong.empty();
    }

    /** CPU quota in microseconds per period: from {@code --cpus} per {@link #CPU_PERIOD_MICROS}, else as given. */
    OptionalLong effectiveCpuQuota() {
        return nanoCpus.isPresent()
                ? OptionalLong.of(nanoCpus.getAsLong() * CPU_PERIOD_MICROS / 1_000_000_000L)
                : cpuQuota;
    }

    /** The CFS period in microseconds: {@link #CPU_PERIOD_MICROS} with {@code --cpus}, else as given. */
    OptionalLong effectiveCpuPeriod() {
        return nanoCpus.isPresent() ? OptionalLong.of(CPU_PERIOD_MICROS) : cpuPeriod;
    }
}
