package dev.berth.cli.terminal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The process's terminal: whether a descriptor is one, and through libc, by FFM, the window size
 * ({@code TIOCGWINSZ}) and raw mode ({@code tcgetattr}, {@code cfmakeraw}, {@code tcsetattr}) — what docker's
 * {@code moby/term} does for {@code -it}.
 */
public final class Tty {
    public static final int STDIN = 0;
    public static final int STDOUT = 1;
    private static final long TIOCGWINSZ = 0x5413;
    private static final int TCSANOW = 0;
    /** {@code sizeof(struct termios)} on Linux is 60; a little more costs nothing. */
    private static final long TERMIOS_SIZE = 64;

    /** {@code S_IFMT} and {@code S_IFCHR} of {@code st_mode}. */
    private static final int FILE_TYPE = 0170000;
    private static final int CHARACTER_DEVICE = 0020000;
    /**
     * The major numbers of Linux's tty drivers (devices.txt): BSD ptys 3, virtual consoles and 8250 serial ports 4,
     * {@code /dev/tty} and {@code /dev/console} 5, Unix98 ptys 136-143, ACM modems 166, USB serial 188, other serial
     * ports 204.
     */
    private static final Set<Long> TTY_MAJORS = Set.of(3L, 4L, 5L, 136L, 137L, 138L, 139L, 140L, 141L, 142L, 143L,
            166L, 188L, 204L);

    /**
     * The native linker, made on first use like the downcall handles, each group apart: FFM's set-up (the linker,
     * its layouts, each handle) generates classes at run time, which costs a short-lived CLI more than the rest of
     * its start, and most runs only ask {@link #isTerminal}.
     */
    private static final class Native {
        static final Linker LINKER = Linker.nativeLinker();
    }

    private static final class Size {
        static final MethodHandle IOCTL = Native.LINKER.downcallHandle(
                Native.LINKER.defaultLookup().find("ioctl").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                        ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(2));
    }

    private static final class Mode {
        static final MethodHandle TCGETATTR = handle("tcgetattr",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        static final MethodHandle TCSETATTR = handle("tcsetattr",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS));
        static final MethodHandle CFMAKERAW = handle("cfmakeraw", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    }

    private Tty() {}

    private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
        return Native.LINKER.downcallHandle(Native.LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
    }

    /**
     * Whether {@code fd} is a terminal: a character device of a tty driver, from {@code stat} on
     * {@code /proc/self/fd}. Asked on every run, so without FFM: making a downcall handle (isatty) costs a
     * short-lived CLI more than the rest of its start.
     */
    public static boolean isTerminal(int fd) {
        return isTerminalDevice(Path.of("/proc/self/fd/" + fd));
    }

    static boolean isTerminalDevice(Path file) {
        try {
            Map<String, Object> attributes = Files.readAttributes(file, "unix:mode,rdev");
            long rdev = (Long) attributes.get("rdev");
            long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
            return ((Integer) attributes.get("mode") & FILE_TYPE) == CHARACTER_DEVICE && TTY_MAJORS.contains(major);
        } catch (IOException e) {
            // a closed descriptor (or a vanished file) is no terminal
            return false;
        }
    }

    /** The window size of the terminal on {@code fd}, if it is one. */
    public static Optional<WindowSize> windowSize(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment winsize = arena.allocate(8);
            if ((int) Size.IOCTL.invokeExact(fd, TIOCGWINSZ, winsize) != 0) {
                return Optional.empty();
            }
            return Optional.of(new WindowSize(Short.toUnsignedInt(winsize.get(ValueLayout.JAVA_SHORT, 0)),
                    Short.toUnsignedInt(winsize.get(ValueLayout.JAVA_SHORT, 2))));
        } catch (Throwable e) {
            throw new IllegalStateException("ioctl(" + fd + ", TIOCGWINSZ)", e);
        }
    }

    /**
     * Puts the terminal on {@code fd} in raw mode (no echo, no line editing, no signals from keys, bytes passed as
     * typed) and returns what restores its previous mode; the restore also runs at JVM shutdown (SIGTERM, SIGHUP,
     * an uncaught exception), so the user's shell never stays raw.
     */
    public static RawMode makeRaw(int fd) {
        Arena arena = Arena.ofShared();
        MemorySegment saved = arena.allocate(TERMIOS_SIZE);
        MemorySegment raw = arena.allocate(TERMIOS_SIZE);
        try {
            if ((int) Mode.TCGETATTR.invokeExact(fd, saved) != 0) {
                arena.close();
                throw new IllegalStateException("tcgetattr(" + fd + ") failed: not a terminal");
            }
            raw.copyFrom(saved);
            Mode.CFMAKERAW.invokeExact(raw);
            if ((int) Mode.TCSETATTR.invokeExact(fd, TCSANOW, raw) != 0) {
                arena.close();
                throw new IllegalStateException("tcsetattr(" + fd + ") failed");
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            arena.close();
            throw new IllegalStateException("make terminal " + fd + " raw", e);
        }
        return new RawMode(fd, saved, arena);
    }

    static void restore(int fd, MemorySegment saved) {
        try {
            int rc = (int) Mode.TCSETATTR.invokeExact(fd, TCSANOW, saved);
            if (rc != 0) {
                throw new IllegalStateException("tcsetattr(" + fd + ") failed restoring the terminal");
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("restore terminal " + fd, e);
        }
    }
}
