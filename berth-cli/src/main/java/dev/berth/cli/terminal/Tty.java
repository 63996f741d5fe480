package dev.berth.cli.terminal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The process's terminal through libc, by FFM: {@code isatty}, the window size ({@code TIOCGWINSZ}) and raw mode
 * ({@code tcgetattr}, {@code cfmakeraw}, {@code tcsetattr}) — what docker's {@code moby/term} does for {@code -it}.
 */
public final class Tty {
    public static final int STDIN = 0;
    public static final int STDOUT = 1;
    private static final long TIOCGWINSZ = 0x5413;
    private static final int TCSANOW = 0;
    /** {@code sizeof(struct termios)} on Linux is 60; a little more costs nothing. */
    private static final long TERMIOS_SIZE = 64;

    private static final Linker LINKER = Linker.nativeLinker();

    /** Downcall handles are made on first use, each group apart: making one costs a short-lived CLI time. */
    private static final class Probe {
        static final MethodHandle ISATTY = handle("isatty",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    private static final class Size {
        static final MethodHandle IOCTL = LINKER.downcallHandle(LINKER.defaultLookup().find("ioctl").orElseThrow(),
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
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
    }

    public static boolean isTerminal(int fd) {
        try {
            return (int) Probe.ISATTY.invokeExact(fd) == 1;
        } catch (Throwable e) {
            throw new IllegalStateException("isatty(" + fd + ")", e);
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
