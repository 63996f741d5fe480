package dev.berth.cli.output;

import dev.berth.cli.terminal.Tty;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.OptionalInt;

/**
 * Whether standard output is a terminal, and how wide: decides between live progress bars and plain lines, as the
 * docker CLI does ({@code isatty(1)}, {@code TIOCGWINSZ}).
 */
public final class Terminal {
    private static final int STDOUT = 1;
    private static final long TIOCGWINSZ = 0x5413;

    private Terminal() {}

    public static boolean stdoutIsTerminal() {
        return isTerminal(STDOUT);
    }

    public static boolean stdinIsTerminal() {
        return isTerminal(0);
    }

    private static boolean isTerminal(int fd) {
        return Tty.isTerminal(fd);
    }

    /** Columns of the terminal on standard output, if it is one. */
    public static OptionalInt stdoutColumns() {
        try (Arena arena = Arena.ofConfined()) {
            Linker linker = Linker.nativeLinker();
            MethodHandle ioctl = linker.downcallHandle(linker.defaultLookup().find("ioctl").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                            ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(2));
            MemorySegment winsize = arena.allocate(8);
            if ((int) ioctl.invokeExact(STDOUT, TIOCGWINSZ, winsize) != 0) {
                return OptionalInt.empty();
            }
            // a terminal may report 0 columns (a fresh pty): docker then uses 0 too, and so draws no bar
            return OptionalInt.of(Short.toUnsignedInt(winsize.get(ValueLayout.JAVA_SHORT, 2)));
        } catch (Throwable e) {
            return OptionalInt.empty();
        }
    }
}
