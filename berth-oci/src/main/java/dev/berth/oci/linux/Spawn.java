package dev.berth.oci.linux;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * A program started with {@code posix_spawn(3)}, given descriptors beyond stdio: Java's ProcessBuilder hands a child
 * its stdin, stdout and stderr only, and starts it through {@code jspawnhelper}, an exec more. The child gets the
 * descriptors asked for, no other descriptor of this process (each one closed by a file action: the JVM opens many
 * without close-on-exec), the default action for every signal (but the two glibc keeps for itself) and no signal
 * blocked. It is this process's child, and {@link #reap} collects its exit: the JDK reaps only the children it
 * started.
 */
public final class Spawn {
    private static final int O_CLOEXEC = 02000000;
    private static final int POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final int POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int WNOHANG = 1;
    private static final int EINTR = 4;
    /** glibc's posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336, sigset_t 128 (x86-64, arm64). */
    private static final long FILE_ACTIONS_SIZE = 512;
    private static final long ATTR_SIZE = 1024;
    private static final long SIGSET_SIZE = 128;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;
    private static final MethodHandle PIPE2 = Syscalls.errnoCall("pipe2", FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle WAITPID =
            Syscalls.errnoCall("waitpid", FunctionDescriptor.of(INT, INT, PTR, INT));
    // The posix_spawn family returns an error number instead of setting errno.
    private static final MethodHandle SPAWN = plain("posix_spawn",
            FunctionDescriptor.of(INT, PTR, PTR, PTR, PTR, PTR, PTR));
    private static final MethodHandle FA_INIT = plain("posix_spawn_file_actions_init", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle FA_DESTROY =
            plain("posix_spawn_file_actions_destroy", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle FA_ADDOPEN = plain("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(INT, PTR, INT, PTR, INT, INT));
    private static final MethodHandle FA_ADDDUP2 =
            plain("posix_spawn_file_actions_adddup2", FunctionDescriptor.of(INT, PTR, INT, INT));
    private static final MethodHandle FA_ADDCLOSE =
            plain("posix_spawn_file_actions_addclose", FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle FA_ADDCLOSEFROM =
            plain("posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle ATTR_INIT = plain("posix_spawnattr_init", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle ATTR_DESTROY = plain("posix_spawnattr_destroy", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle ATTR_SETFLAGS =
            plain("posix_spawnattr_setflags", FunctionDescriptor.of(INT, PTR, ValueLayout.JAVA_SHORT));
    private static final MethodHandle ATTR_SETSIGMASK =
            plain("posix_spawnattr_setsigmask", FunctionDescriptor.of(INT, PTR, PTR));
    private static final MethodHandle ATTR_SETSIGDEFAULT =
            plain("posix_spawnattr_setsigdefault", FunctionDescriptor.of(INT, PTR, PTR));
    private static final MethodHandle SIGEMPTYSET = plain("sigemptyset", FunctionDescriptor.of(INT, PTR));
    private static final MethodHandle SIGFILLSET = plain("sigfillset", FunctionDescriptor.of(INT, PTR));

    /** A descriptor of the child. */
    public sealed interface ChildFd permits OpenFile, PipeToParent {
        int fd();
    }

    /**
     * Descriptor {@code fd} opened in the child on {@code path} with open(2)'s {@code flags}; a file it creates gets
     * mode 0666 less the umask, as ProcessBuilder's redirects.
     */
    public record OpenFile(int fd, Path path, int flags) implements ChildFd {
        public static final int O_RDONLY = 0;
        public static final int O_WRONLY = 1;
        public static final int O_RDWR = 2;
        public static final int O_CREAT = 0100;
        public static final int O_APPEND = 02000;

        public OpenFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Descriptor {@code fd} the write end of a pipe whose read end is this process's {@link #output}. */
    public record PipeToParent(int fd) implements ChildFd {}

    private final long pid;
    private final Map<Integer, InputStream> outputs;
    private OptionalInt status = OptionalInt.empty();

    private Spawn(long pid, Map<Integer, InputStream> outputs) {
        this.pid = pid;
        this.outputs = outputs;
    }

    private static MethodHandle plain(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("libc lacks " + name)), fd);
    }

    /**
     * Starts {@code argv} (its first word the program's absolute path) with this process's environment and
     * {@code env} over it, and descriptors {@code fds} (each number once).
     */
    public static Spawn start(List<String> argv, Map<String, String> env, List<ChildFd> fds) throws IOException {
        Path program = Path.of(argv.getFirst());
        Set<Integer> targets = new TreeSet<>();
        for (ChildFd f : fds) {
            if (f.fd() < 0 || !targets.add(f.fd())) {
                throw new IllegalArgumentException("spawn " + program + ": descriptor " + f.fd() + " twice or < 0");
            }
        }
        Map<Integer, int[]> pipes = new LinkedHashMap<>();
        try (Arena arena = Arena.ofConfined()) {
            for (ChildFd f : fds) {
                if (f instanceof PipeToParent p) {
                    MemorySegment ends = arena.allocate(INT, 2);
                    Syscalls.call("pipe2", program, st -> (int) PIPE2.invokeExact(st, ends, O_CLOEXEC)).orThrow();
                    pipes.put(p.fd(), new int[] {ends.getAtIndex(INT, 0), ends.getAtIndex(INT, 1)});
                }
            }
            Map<Integer, InputStream> outputs = new HashMap<>();
            try {
                for (Map.Entry<Integer, int[]> p : pipes.entrySet()) {
                    // A pipe reopened through /proc opens at once (a fifo's open waits for a writer), and is read
                    // as any file: on a virtual thread, without pinning its carrier as a native read would.
                    outputs.put(p.getKey(), new FileInputStream("/proc/self/fd/" + p.getValue()[0]));
                }
                return new Spawn(spawn(arena, program, argv, env, fds, targets, pipes), outputs);
            } catch (IOException | RuntimeException e) {
                for (InputStream in : outputs.values()) {
                    in.close();
                }
                throw e;
            }
        } finally {
            for (int[] ends : pipes.values()) {
                Syscalls.close(ends[0], "pipe of " + program);
                Syscalls.close(ends[1], "pipe of " + program);
            }
        }
    }

    private static long spawn(Arena arena, Path program, List<String> argv, Map<String, String> env,
            List<ChildFd> fds, Set<Integer> targets, Map<Integer, int[]> pipes) throws IOException {
        MemorySegment actions = arena.allocate(FILE_ACTIONS_SIZE, 16);
        MemorySegment attr = arena.allocate(ATTR_SIZE, 16);
        check(program, "posix_spawn_file_actions_init", invoke(() -> (int) FA_INIT.invokeExact(actions)));
        try {
            check(program, "posix_spawnattr_init", invoke(() -> (int) ATTR_INIT.invokeExact(attr)));
            try {
                // Pipes first: a pipe's end may hold a number that a file opened below is to take.
                for (Map.Entry<Integer, int[]> p : pipes.entrySet()) {
                    int from = p.getValue()[1];
                    int to = p.getKey();
                    check(program, "adddup2", invoke(() -> (int) FA_ADDDUP2.invokeExact(actions, from, to)));
                }
                for (ChildFd f : fds) {
                    if (f instanceof OpenFile o) {
                        MemorySegment path = arena.allocateFrom(o.path().toString());
                        check(program, "addopen", invoke(() -> (int) FA_ADDOPEN.invokeExact(actions, o.fd(), path,
                                o.flags(), 0666)));
                    }
                }
                int last = targets.isEmpty() ? 2 : Math.max(2, ((TreeSet<Integer>) targets).last());
                for (int fd = 0; fd <= last; fd++) {
                    if (!targets.contains(fd)) {
                        int unused = fd;
                        check(program, "addclose", invoke(() -> (int) FA_ADDCLOSE.invokeExact(actions, unused)));
                    }
                }
                int from = last + 1;
                check(program, "addclosefrom", invoke(() -> (int) FA_ADDCLOSEFROM.invokeExact(actions, from)));
                MemorySegment none = arena.allocate(SIGSET_SIZE, 8);
                MemorySegment all = arena.allocate(SIGSET_SIZE, 8);
                check(program, "sigemptyset", invoke(() -> (int) SIGEMPTYSET.invokeExact(none)));
                check(program, "sigfillset", invoke(() -> (int) SIGFILLSET.invokeExact(all)));
                check(program, "setsigmask", invoke(() -> (int) ATTR_SETSIGMASK.invokeExact(attr, none)));
                check(program, "setsigdefault", invoke(() -> (int) ATTR_SETSIGDEFAULT.invokeExact(attr, all)));
                short flags = (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
                check(program, "setflags", invoke(() -> (int) ATTR_SETFLAGS.invokeExact(attr, flags)));

                MemorySegment pidOut = arena.allocate(INT);
                MemorySegment path = arena.allocateFrom(program.toString());
                MemorySegment args = strings(arena, argv);
                MemorySegment envp = strings(arena, environment(env));
                check(program, "posix_spawn",
                        invoke(() -> (int) SPAWN.invokeExact(pidOut, path, actions, attr, args, envp)));
                return pidOut.get(INT, 0);
            } finally {
                invoke(() -> (int) ATTR_DESTROY.invokeExact(attr));
            }
        } finally {
            invoke(() -> (int) FA_DESTROY.invokeExact(actions));
        }
    }

    private static List<String> environment(Map<String, String> env) {
        Map<String, String> all = new LinkedHashMap<>(System.getenv());
        all.putAll(env);
        List<String> entries = new ArrayList<>(all.size());
        all.forEach((k, v) -> entries.add(k + "=" + v));
        return entries;
    }

    /** A NULL-terminated array of C strings. */
    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(PTR, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(PTR, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(PTR, values.size(), MemorySegment.NULL);
        return array;
    }

    @FunctionalInterface
    private interface IntCall {
        int call() throws Throwable;
    }

    private static int invoke(IntCall call) {
        try {
            return call.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void check(Path program, String what, int error) throws IOException {
        if (error != 0) {
            throw new ErrnoException("spawn " + program + ": " + what + ": " + Syscalls.strerror(error)
                    + " (errno " + error + ")", error);
        }
    }

    public long pid() {
        return pid;
    }

    /** What the child writes on its descriptor {@code fd} (a {@link PipeToParent}); the caller closes it. */
    public InputStream output(int fd) {
        InputStream in = outputs.get(fd);
        if (in == null) {
            throw new IllegalArgumentException("descriptor " + fd + " of " + pid + " is no pipe to the parent");
        }
        return in;
    }

    /**
     * Collects the child's exit if it has ended ({@code waitpid} without waiting): its wait status, the same at each
     * call once collected; empty while it runs. Once collected, the pid is the system's to reuse.
     */
    public synchronized OptionalInt reap() throws IOException {
        if (status.isPresent()) {
            return status;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment wstatus = arena.allocate(INT);
            while (true) {
                Syscalls.Result r = Syscalls.call("waitpid", Path.of("pid", Long.toString(pid)),
                        st -> (int) WAITPID.invokeExact(st, (int) pid, wstatus, WNOHANG));
                if (r.rc() > 0) {
                    status = OptionalInt.of(wstatus.get(INT, 0));
                    return status;
                }
                if (r.rc() == 0) {
                    return status;
                }
                if (r.errno() != EINTR) {
                    r.orThrow();
                }
            }
        }
    }
}
