package dev.berth.oci.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * The CPUs a thread may run on ({@code sched_getaffinity(2)}, {@code sched_setaffinity(2)}) and the CPU that received
 * a socket's last packet ({@code SO_INCOMING_CPU}, socket(7)), which the JDK lacks, through {@code java.lang.foreign}.
 * A CPU set is a {@link BitSet} of CPU numbers; a thread is named by its kernel thread id ({@link #currentThreadId}).
 */
public final class CpuAffinity {
    private static final int SOL_SOCKET = 1;
    /** asm-generic's number, which x86 and arm share. */
    private static final int SO_INCOMING_CPU = 49;
    /** glibc's {@code cpu_set_t}: 1 024 CPUs. */
    private static final int CPU_SET_LONGS = 16;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final MethodHandle GETTID = LINKER.downcallHandle(
            LINKER.defaultLookup().find("gettid").orElseThrow(), FunctionDescriptor.of(INT));
    private static final MethodHandle SCHED_GETAFFINITY =
            Syscalls.errnoCall("sched_getaffinity", FunctionDescriptor.of(INT, INT, LONG, ValueLayout.ADDRESS));
    private static final MethodHandle SCHED_SETAFFINITY =
            Syscalls.errnoCall("sched_setaffinity", FunctionDescriptor.of(INT, INT, LONG, ValueLayout.ADDRESS));
    private static final MethodHandle GETSOCKOPT = Syscalls.errnoCall("getsockopt",
            FunctionDescriptor.of(INT, INT, INT, INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));

    private CpuAffinity() {}

    /** The calling thread's kernel thread id ({@code gettid(2)}), which the affinity calls take. */
    public static int currentThreadId() {
        try {
            return (int) GETTID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("gettid", t);
        }
    }

    /** The CPUs thread {@code tid} may run on. */
    public static BitSet get(int tid) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(LONG, CPU_SET_LONGS);
            Syscalls.call("sched_getaffinity", thread(tid),
                    st -> (int) SCHED_GETAFFINITY.invokeExact(st, tid, set.byteSize(), set)).orThrow();
            return BitSet.valueOf(set.toArray(LONG));
        }
    }

    /** Lets thread {@code tid} run on {@code cpus} only ({@code EINVAL} if none of them is allowed to it). */
    public static void set(int tid, BitSet cpus) throws IOException {
        long[] words = cpus.toLongArray();
        if (words.length > CPU_SET_LONGS) {
            throw new IllegalArgumentException(
                    "CPU " + (cpus.length() - 1) + " past the " + CPU_SET_LONGS * 64 + " of a cpu_set_t");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(LONG, CPU_SET_LONGS);
            MemorySegment.copy(words, 0, set, LONG, 0, words.length);
            Syscalls.call("sched_setaffinity", thread(tid),
                    st -> (int) SCHED_SETAFFINITY.invokeExact(st, tid, set.byteSize(), set)).orThrow();
        }
    }

    /**
     * The CPU that processed the last packet received on socket {@code fd}, or -1 before any. Over loopback the
     * receive path runs on the sending CPU, so this is the CPU the peer last sent from (its request, its ACKs).
     */
    public static int incomingCpu(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(INT);
            MemorySegment length = arena.allocateFrom(INT, (int) INT.byteSize());
            Syscalls.call("getsockopt SO_INCOMING_CPU", Path.of("fd", Integer.toString(fd)),
                    st -> (int) GETSOCKOPT.invokeExact(st, fd, SOL_SOCKET, SO_INCOMING_CPU, value, length)).orThrow();
            return value.get(INT, 0);
        }
    }

    private static Path thread(int tid) {
        return Path.of("thread", Integer.toString(tid));
    }
}
