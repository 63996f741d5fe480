package dev.berth.engine.runtime;

import dev.berth.oci.linux.SeqpacketSocket;
import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A connection to a running container's stdio through conmon's attach socket: each message from conmon is one chunk
 * of output, its first byte naming the stream (2 stdout, 3 stderr; with a TTY all output is stdout); what is sent is
 * written to the container's stdin as is (conmon only forwards it when the container was created with stdin open).
 */
public final class AttachConnection implements Closeable {
    /** conmon's CONN_SOCK_BUF_SIZE is 32 KiB; a message never exceeds it. */
    private static final int MAX_MESSAGE = 32 * 1024 + 1;

    private final SeqpacketSocket socket;

    AttachConnection(SeqpacketSocket socket) {
        this.socket = socket;
    }

    /** A chunk of the container's output. */
    public record Output(LogLine.Stream stream, byte[] data) {}

    /** The next chunk of output; empty when the container's output ended (it exited) or the connection closed. */
    public Optional<Output> read() throws IOException {
        while (true) {
            Optional<byte[]> message = socket.receive(MAX_MESSAGE);
            if (message.isEmpty()) {
                return Optional.empty();
            }
            byte[] m = message.get();
            if (m.length < 1) {
                continue;
            }
            LogLine.Stream stream = m[0] == 3 ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT;
            return Optional.of(new Output(stream, Arrays.copyOfRange(m, 1, m.length)));
        }
    }

    /** Writes {@code data} to the container's stdin. */
    public void write(byte[] data) throws IOException {
        socket.send(data);
    }

    /** Closes the container's stdin (end of file), keeping the output flowing. */
    public void closeStdin() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
