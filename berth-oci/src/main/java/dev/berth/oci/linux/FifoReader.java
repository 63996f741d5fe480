package dev.berth.oci.linux;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The read end of a fifo, opened and read without ever waiting ({@code O_NONBLOCK}): for a reader whose writer may
 * be gone for good, where a blocking open or read would wait forever (runc's exec fifo, written by a container's
 * init, which may have died). A read tells apart the three states of a fifo: bytes, nothing yet while a writer holds
 * it open, and end of file (no writer: none came yet, or the last one closed it).
 */
public final class FifoReader implements Closeable {
    /** {@link #read} found no bytes while a writer holds the fifo open. */
    public static final int NOTHING_YET = -1;
    /** {@code O_RDONLY | O_NONBLOCK | O_CLOEXEC}, numbered alike on x86-64 and arm64. */
    private static final int O_RDONLY_NONBLOCK_CLOEXEC = 04000 | 02000000;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    private static final MethodHandle OPEN =
            Syscalls.errnoCall("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT));
    private static final MethodHandle READ =
            Syscalls.errnoCall("read", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));

    private final int fd;
    private final Path path;
    private boolean closed;

    private FifoReader(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    /**
     * Opens fifo {@code path} for reading, at once whether or not a writer has it open. A writer blocked in its own
     * open (waiting for a reader) goes on from here, and one that comes later no longer waits.
     */
    public static FifoReader open(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocateFrom(path.toString());
            int fd = (int) Syscalls.call("open", path,
                    st -> (int) OPEN.invokeExact(st, p, O_RDONLY_NONBLOCK_CLOEXEC)).orThrow();
            return new FifoReader(fd, path);
        }
    }

    /**
     * Reads into {@code buf}: the number of bytes read; 0 at end of file, when no writer has the fifo open (bytes
     * written before the last writer closed it are read first); {@link #NOTHING_YET} when a writer has it open and
     * has written nothing more.
     */
    public int read(byte[] buf) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment b = arena.allocate(Math.max(1, buf.length));
            while (true) {
                Syscalls.Result r = Syscalls.call("read", path,
                        st -> (long) READ.invokeExact(st, fd, b, (long) buf.length));
                if (r.rc() >= 0) {
                    MemorySegment.copy(b, ValueLayout.JAVA_BYTE, 0, buf, 0, (int) r.rc());
                    return (int) r.rc();
                }
                if (r.errno() == EAGAIN) {
                    return NOTHING_YET;
                }
                if (r.errno() != EINTR) {
                    r.orThrow();
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            Syscalls.close(fd, path.toString());
        }
    }
}
