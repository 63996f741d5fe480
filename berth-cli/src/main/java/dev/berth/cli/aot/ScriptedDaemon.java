package dev.berth.cli.aot;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A stand-in for the daemon while {@link AotTraining} runs commands: on a unix socket, one canned Engine API answer
 * per request, enough for the CLI to go through its usual paths (ping, create, attach with one output frame, wait,
 * start, lists, errors). It checks nothing; its answers only need to be well-formed.
 */
final class ScriptedDaemon implements AutoCloseable {
    static final String CONTAINER_ID = "0123456789abcdef".repeat(4);

    /** berthd's answer, components and all, so that the training prints each as {@code berth version} does. */
    private static final String VERSION = "{\"Platform\":{\"Name\":\"Berth\"},\"Components\":[{\"Name\":\"Engine\","
            + "\"Version\":\"28.2.0\",\"Details\":{\"ApiVersion\":\"1.50\",\"Arch\":\"amd64\",\"BuildTime\":\"\","
            + "\"Experimental\":\"false\",\"GitCommit\":\"\",\"GoVersion\":\"java25\",\"KernelVersion\":\"6.1.0\","
            + "\"MinAPIVersion\":\"1.24\",\"Os\":\"linux\"}},{\"Name\":\"berthd\",\"Version\":\"0.1.0-SNAPSHOT\","
            + "\"Details\":{\"GitCommit\":\"\"}}],\"Version\":\"28.2.0\",\"ApiVersion\":\"1.50\","
            + "\"MinAPIVersion\":\"1.24\","
            + "\"GitCommit\":\"\",\"GoVersion\":\"java25\",\"Os\":\"linux\",\"Arch\":\"amd64\","
            + "\"KernelVersion\":\"6.1.0\",\"BuildTime\":\"\"}";

    private final ServerSocketChannel server;
    private final Thread acceptor;

    ScriptedDaemon(Path socket) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = Thread.ofVirtual().name("scripted-daemon").start(this::accept);
    }

    private void accept() {
        try {
            while (true) {
                SocketChannel channel = server.accept();
                Thread.ofVirtual().start(() -> answer(channel));
            }
        } catch (ClosedChannelException e) {
            // closed by close(): training is over
        } catch (IOException e) {
            throw new UncheckedIOException("accept on the scripted daemon's socket", e);
        }
    }

    private static void answer(SocketChannel channel) {
        try (channel) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
            OutputStream out = Channels.newOutputStream(channel);
            String requestLine = readHead(in);
            String[] parts = requestLine.split(" ");
            String method = parts[0];
            String path = parts.length > 1 ? parts[1].replaceFirst("^/v1\\.\\d+", "") : "/";
            int query = path.indexOf('?');
            String route = query < 0 ? path : path.substring(0, query);
            if (route.endsWith("/attach")) {
                out.write(("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
                        + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] text = "Hello from the scripted daemon\n".getBytes(StandardCharsets.UTF_8);
                out.write(new byte[] {1, 0, 0, 0, 0, 0, 0, (byte) text.length});
                out.write(text);
                out.flush();
                return;
            }
            String body = switch (method + " " + route) {
                case "GET /_ping", "HEAD /_ping" -> "OK";
                case "POST /containers/create" -> "{\"Id\":\"" + CONTAINER_ID + "\",\"Warnings\":[]}";
                case "GET /containers/json" -> "[{\"Id\":\"" + CONTAINER_ID + "\",\"Names\":[\"/trained\"],"
                        + "\"Image\":\"hello-world\",\"Command\":\"/hello\",\"Created\":1700000000,\"Ports\":[],"
                        + "\"Labels\":{},\"State\":\"exited\",\"Status\":\"Exited (0) 1 second ago\"}]";
                case "GET /images/json" -> "[{\"Id\":\"sha256:" + CONTAINER_ID + "\",\"RepoTags\":[\"hello-world:latest\"],"
                        + "\"RepoDigests\":[\"hello-world@sha256:" + CONTAINER_ID + "\"],"
                        + "\"Created\":1700000000,\"Size\":13256,\"Containers\":-1}]";
                case "GET /version" -> VERSION;
                default -> route.startsWith("/containers/" + CONTAINER_ID + "/wait") ? "{\"StatusCode\":0}"
                        : route.startsWith("/containers/" + CONTAINER_ID) && !method.equals("GET") ? "" : null;
            };
            int status = body == null ? 404 : body.isEmpty() ? 204 : 200;
            String sent = body == null ? "{\"message\":\"No such object: trained\"}" : body;
            String head = "HTTP/1.1 " + status + (status == 404 ? " Not Found" : " OK") + "\r\n"
                    + "Api-Version: 1.50\r\nOstype: linux\r\n"
                    + "Content-Type: " + (route.equals("/_ping") ? "text/plain" : "application/json") + "\r\n"
                    + (status == 204 ? "" : "Content-Length: " + sent.getBytes(StandardCharsets.UTF_8).length + "\r\n")
                    + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            if (status != 204 && !method.equals("HEAD")) {
                out.write(sent.getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("answer on the scripted daemon's socket", e);
        }
    }

    /** The request line; the headers and any body are read and dropped. */
    private static String readHead(InputStream in) throws IOException {
        String requestLine = line(in);
        long length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(header.substring("content-length:".length()).trim());
            }
        }
        in.skipNBytes(length);
        return requestLine;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("request ended early");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
