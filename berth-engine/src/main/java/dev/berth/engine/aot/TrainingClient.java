package dev.berth.engine.aot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The Engine API calls of berthd's training run, over its unix socket as the docker CLI makes them: HTTP/1.1, one
 * connection per call ({@code Connection: close}, so a body ends with the connection); attach's connection is
 * hijacked ({@code Upgrade: tcp}) and read to its end.
 */
final class TrainingClient {
    private final Path socket;

    TrainingClient(Path socket) {
        this.socket = socket;
    }

    /** One call, answered: its status code and the bytes that followed its headers (chunk framing left in). */
    Answer call(String method, String path) throws IOException {
        return call(method, path, "");
    }

    Answer call(String method, String path, String json) throws IOException {
        try (Pending pending = open(method, path, json, "Connection: close\r\n")) {
            return pending.answer();
        }
    }

    /** A call whose headers have come (so the daemon has taken it up) and whose body is still to come. */
    Pending open(String method, String path, String json, String headers) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String head = method + " /v1.50" + path + " HTTP/1.1\r\nHost: berthd\r\nUser-Agent: berthd-aot-training\r\n"
                    + headers + (json.isEmpty() ? "" : "Content-Type: application/json\r\n")
                    + "Content-Length: " + body.length + "\r\n\r\n";
            OutputStream out = Channels.newOutputStream(channel);
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = Channels.newInputStream(channel);
            String status = headers(in).lines().findFirst().orElse("");
            String[] words = status.split(" ");
            if (words.length < 2) {
                throw new IOException(method + " " + path + ": no HTTP answer: " + status);
            }
            return new Pending(channel, in, Integer.parseInt(words[1]));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static String headers(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; matched < 4 && (b = in.read()) >= 0; ) {
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    record Answer(int status, String body) {}

    static final class Pending implements AutoCloseable {
        private final SocketChannel channel;
        private final InputStream in;
        private final int status;

        private Pending(SocketChannel channel, InputStream in, int status) {
            this.channel = channel;
            this.in = in;
            this.status = status;
        }

        int status() {
            return status;
        }

        /** Reads the body to the connection's end. */
        Answer answer() throws IOException {
            return new Answer(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
