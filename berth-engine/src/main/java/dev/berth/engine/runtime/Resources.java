package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import java.util.List;
import java.util.OptionalLong;

/**
 * The cgroup limits and rlimits of a container ({@code --memory}, {@code --memory-swap}, {@code --cpus},
 * {@code --pids-limit}, {@code --ulimit}). Memory in bytes; CPUs in billionths of a CPU as Docker's {@code NanoCpus}.
 * As with dockerd, a memory limit without a swap limit allows as much swap again ({@code memory-swap = 2 × memory}).
 */
public record Resources(OptionalLong memory, OptionalLong memorySwap, OptionalLong nanoCpus, OptionalLong pidsLimit,
        List<Ulimit> ulimits) {
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
    }

    public Resources withMemory(long bytes) {
        return new Resources(OptionalLong.of(bytes), memorySwap, nanoCpus, pidsLimit, ulimits);
    }

    public Resources withNanoCpus(long nanos) {
        return new Resources(memory, memorySwap, OptionalLong.of(nanos), pidsLimit, ulimits);
    }

    public Resources withPidsLimit(long limit) {
        return new Resources(memory, memorySwap, nanoCpus, OptionalLong.of(limit), ulimits);
    }

    public Resources withUlimits(List<Ulimit> u) {
        return new Resources(memory, memorySwap, nanoCpus, pidsLimit, u);
    }

    /** The memory + swap limit to set: the one asked for, else twice the memory limit; -1 is unlimited. */
    OptionalLong effectiveSwap() {
        if (memorySwap.isPresent()) {
            return memorySwap;
        }
        return memory.isPresent() ? OptionalLong.of(2 * memory.getAsLong()) : OptionalLong.empty();
    }

    /** CPU quota in microseconds per {@link #CPU_PERIOD_MICROS}. */
    OptionalLong cpuQuota() {
        return nanoCpus.isPresent()
                ? OptionalLong.of(nanoCpus.getAsLong() * CPU_PERIOD_MICROS / 1_000_000_000L)
                : OptionalLong.empty();
    }
}
