package dev.berth.engine.network;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.linux.ErrnoException;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Named network namespaces as {@code ip netns} makes them: a new namespace is made by {@code unshare(CLONE_NEWNET)} on
 * a platform thread of its own, whose {@code /proc/thread-self/ns/net} is then bind-mounted onto a file so that the
 * namespace outlives the thread; removing unmounts the file. {@link #inside} runs code on a fresh platform thread that
 * has {@code setns} into a namespace — sockets it opens stay in that namespace (the embedded DNS listens that way at
 * 127.0.0.11 in each container). Namespace changes are per OS thread, which is why each runs on a thread that ends
 * right after and never on a virtual thread's carrier.
 *
 * <p>A new namespace gets its loopback up right away, as the CNI {@code loopback} plugin would set it: an ioctl on the
 * creating thread instead of the run of a plugin binary, which cost a container start 10-30 ms.
 */
public final class NetNamespace {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final long MS_BIND = 4096;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle UNSHARE = call("unshare", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));
    private static final MethodHandle SETNS = call("setns", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle OPEN = call("open", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = call("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));
    private static final MethodHandle SOCKET = call("socket", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle IOCTL = LINKER.downcallHandle(LINKER.defaultLookup().find("ioctl").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                    ValueLayout.ADDRESS),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final short IFF_UP = 1;
    /** {@code struct ifreq}: the interface name ({@code IFNAMSIZ} 16 bytes), then a union holding {@code ifr_flags}. */
    private static final long IFREQ_SIZE = 40;
    private static final long IFR_FLAGS = 16;

    private NetNamespace() {}

    private static MethodHandle call(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd,
                Linker.Option.captureCallState("errno"));
    }

    /** Creates a new network namespace, held by file {@code path}, with its loopback up (and nothing else in it). */
    public static void create(Path path) {
        try (Held ns = createHeld()) {
            ns.bindTo(path);
        }
    }

    /**
     * Creates a new network namespace with its loopback up, held by an open descriptor only: no file, no mount, gone
     * when {@link Held#close closed} (or with the daemon) unless {@link Held#bindTo bound} to a file first.
     */
    public static Held createHeld() {
        int fd = onOwnThread(() -> {
            MemorySegment st = state();
            check("unshare(CLONE_NEWNET)", "", (int) UNSHARE.invokeExact(st, CLONE_NEWNET));
            loopbackUp();
            try (Arena arena = Arena.ofConfined()) {
                int held = (int) OPEN.invokeExact(st, arena.allocateFrom("/proc/thread-self/ns/net"),
                        O_RDONLY | O_CLOEXEC);
                check("open /proc/thread-self/ns/net", "", held);
                return held;
            }
        }, "create network namespace");
        return new Held(fd);
    }

    /** A network namespace held by a descriptor of the daemon's ({@link #createHeld}). */
    public static final class Held implements AutoCloseable {
        private int fd;

        private Held(int fd) {
            this.fd = fd;
        }

        /** Makes file {@code path} hold the namespace ({@code ip netns} style), which then outlives this descriptor. */
        public void bindTo(Path path) {
            if (fd < 0) {
                throw new IllegalStateException("network namespace descriptor closed");
            }
            try {
                Files.createDirectories(path.getParent());
                Files.createFile(path);
            } catch (IOException e) {
                throw BerthException.io("create network namespace file " + path, e);
            }
            try {
                Syscalls.mount("/proc/self/fd/" + fd, path, "none", MS_BIND, "");
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw BerthException.io("bind network namespace to " + path, e);
            }
        }

        /** Closes the descriptor: the namespace ends unless a file or a process holds it. */
        @Override
        public void close() {
            if (fd < 0) {
                return;
            }
            try {
                int ignoredResult = (int) CLOSE.invokeExact(state(), fd);
            } catch (Throwable e) {
                throw new IllegalStateException("close network namespace descriptor " + fd, e);
            } finally {
                fd = -1;
            }
        }
    }

    /** Sets {@code lo} of the calling thread's namespace up ({@code ip link set lo up}). */
    private static void loopbackUp() throws Throwable {
        String path = "the new namespace";
        MemorySegment st = state();
        int fd = (int) SOCKET.invokeExact(st, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        check("socket", path, fd);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifreq = arena.allocate(IFREQ_SIZE);
            ifreq.setString(0, "lo");
            check("ioctl(SIOCGIFFLAGS) lo in", path, (int) IOCTL.invokeExact(st, fd, SIOCGIFFLAGS, ifreq));
            short flags = ifreq.get(ValueLayout.JAVA_SHORT, IFR_FLAGS);
            ifreq.set(ValueLayout.JAVA_SHORT, IFR_FLAGS, (short) (flags | IFF_UP));
            check("ioctl(SIOCSIFFLAGS) lo in", path, (int) IOCTL.invokeExact(st, fd, SIOCSIFFLAGS, ifreq));
        } finally {
            int ignoredResult = (int) CLOSE.invokeExact(st, fd);
        }
    }

    /** Unmounts and deletes the namespace file; the namespace ends with its last process. A missing file is no error. */
    public static void remove(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try {
            Syscalls.umount2(path, Syscalls.MNT_DETACH);
        } catch (ErrnoException e) {
            if (e.errno() != ErrnoException.EINVAL) {
                throw BerthException.io("unmount network namespace " + path, e);
            }
        } catch (IOException e) {
            throw BerthException.io("unmount network namespace " + path, e);
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw BerthException.io("remove network namespace file " + path, e);
        }
    }

    /** Runs {@code work} inside namespace {@code netns} (a namespace file or {@code /proc/PID/ns/net}). */
    public static <T> T inside(Path netns, Callable<T> work) {
        return onOwnThread(() -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment p = arena.allocateFrom(netns.toString());
                MemorySegment st = state();
                int fd = (int) OPEN.invokeExact(st, p, O_RDONLY | O_CLOEXEC);
                check("open", netns, fd);
                try {
                    check("setns", netns, (int) SETNS.invokeExact(st, fd, CLONE_NEWNET));
                } finally {
                    int ignoredResult = (int) CLOSE.invokeExact(st, fd);
                }
            }
            return work.call();
        }, "enter network namespace " + netns);
    }

    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private static MemorySegment state() {
        return STATE.get();
    }

    private static void check(String what, Object subject, int result) throws ErrnoException {
        if (result < 0) {
            int errno = (int) ERRNO.get(state(), 0L);
            String of = subject.toString().isEmpty() ? "" : " " + subject;
            throw new ErrnoException(what + of + ": errno " + errno, errno);
        }
    }

    private interface Work<T> {
        T run() throws Throwable;
    }

    private static <T> T onOwnThread(Work<T> work, String action) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("berth-netns").unstarted(() -> {
            try {
                result.set(work.run());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(dev.berth.oci.error.ErrorKind.UNAVAILABLE, action + ": interrupted");
        }
        Throwable e = failure.get();
        if (e == null) {
            return result.get();
        }
        if (e instanceof IOException io) {
            throw BerthException.io(action, io);
        }
        throw BerthException.wrap(action, e);
    }

    /** Whether {@code path} is a mount point (a live namespace file rather than a leftover of a reboot). */
    public static boolean isMounted(Path path) {
        try {
            String target = path.toAbsolutePath().normalize().toString();
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(l -> l.split(" "))
                    .anyMatch(f -> f.length > 4 && f[4].replace("\\040", " ").equals(target));
        } catch (IOException e) {
            throw BerthException.io("read /proc/self/mountinfo", e);
        }
    }
}
