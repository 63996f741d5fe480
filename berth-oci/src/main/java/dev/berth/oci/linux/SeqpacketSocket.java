package dev.berth.oci.linux;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A connected {@code AF_UNIX}/{@code SOCK_SEQPACKET} client socket (conmon's attach socket is one; Java's NIO only
 * speaks stream and datagram unix sockets). Each {@link #receive} returns one whole message, as sent. Reading and
 * writing may happen on two threads at once, platform or virtual; {@link #close} from a third wakes both.
 */
public final class SeqpacketSocket implements Closeable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int SHUT_RDWR = 2;
    private static final int SHUT_WR = 1;
    private static final int SUN_PATH_MAX = 108;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    private static final MethodHandle CONNECT = handle("connect", FunctionDescriptor.of(INT, INT, PTR, INT));
    private static final MethodHandle RECV = handle("recv", FunctionDescriptor.of(LONG, INT, PTR, LONG, INT));
    private static final MethodHandle SEND = handle("send", FunctionDescriptor.of(LONG, INT, PTR, LONG, INT));
    private static final MethodHandle SHUTDOWN = handle("shutdown", FunctionDescriptor.of(INT, INT, INT));

    private final int fd;
    private final Path path;
    private volatile boolean closed;

    private SeqpacketSocket(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd,
                Linker.Option.captureCallState("errno"));
    }

    /** Connects to the socket at {@code path} (at most 107 bytes: the size of {@code sun_path}). */
    public static SeqpacketSocket connect(Path path) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH_MAX) {
            throw new ErrnoException("connect " + path + ": socket path longer than " + (SUN_PATH_MAX - 1)
                    + " bytes", ErrnoException.EINVAL);
        }
        int fd = (int) Syscalls.call("socket", path,
                st -> (int) SOCKET.invokeExact(st, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)).orThrow();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(2 + SUN_PATH_MAX);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(name, 0, addr, ValueLayout.JAVA_BYTE, 2, name.length);
            Syscalls.call("connect", path, st -> (int) CONNECT.invokeExact(st, fd, addr, 2 + SUN_PATH_MAX)).orThrow();
            return new SeqpacketSocket(fd, path);
        } catch (IOException | RuntimeException e) {
            Syscalls.close(fd, path.toString());
            throw e;
        }
    }

    /**
     * The next message, at most {@code maxSize} bytes; empty when the peer closed the connection. Waits for one
     * without holding a virtual thread's carrier ({@link BlockingCall}).
     */
    public Optional<byte[]> receive(int maxSize) throws IOException {
        return BlockingCall.run(dontWait -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(maxSize);
                int flags = dontWait ? MSG_DONTWAIT : 0;
                long n = Syscalls.call("recv", path,
                        st -> (long) RECV.invokeExact(st, fd, buf, (long) maxSize, flags)).orThrow();
                return n == 0 ? Optional.empty()
                        : Optional.of(Arrays.copyOf(buf.toArray(ValueLayout.JAVA_BYTE), (int) n));
            }
        });
    }

    /**
     * Sends {@code data} as one message, waiting while the peer's side is full (conmon stops reading while the
     * container does not read its stdin) without holding a virtual thread's carrier ({@link BlockingCall}).
     */
    public void send(byte[] data) throws IOException {
        BlockingCall.run(dontWait -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(Math.max(1, data.length));
                MemorySegment.copy(data, 0, buf, ValueLayout.JAVA_BYTE, 0, data.length);
                int flags = MSG_NOSIGNAL | (dontWait ? MSG_DONTWAIT : 0);
                return Syscalls.call("send", path,
                        st -> (long) SEND.invokeExact(st, fd, buf, (long) data.length, flags)).orThrow();
            }
        });
    }

    /** Tells the peer nothing more will be sent (for conmon: the container's stdin reaches end of file). */
    public void shutdownOutput() throws IOException {
        Syscalls.call("shutdown", path, st -> (int) SHUTDOWN.invokeExact(st, fd, SHUT_WR)).orThrow();
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // shutdown first: it wakes a thread blocked in recv, which close alone would not.
        Syscalls.call("shutdown", path, st -> (int) SHUTDOWN.invokeExact(st, fd, SHUT_RDWR));
        Syscalls.close(fd, path.toString());
    }
}
