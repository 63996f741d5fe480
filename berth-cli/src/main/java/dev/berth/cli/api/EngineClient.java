package dev.berth.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The Docker Engine API as the docker CLI calls it: API version negotiated once from {@code GET /_ping}'s
 * {@code Api-Version} (the lower of the daemon's and {@link #MAX_API_VERSION}), then every path prefixed
 * {@code /vX.Y}. Error answers become {@link DaemonException}s with the daemon's message.
 */
public final class EngineClient {
    /** What the docker CLI 28.2 asks for. */
    public static final ApiVersion MAX_API_VERSION = ApiVersion.parse("1.50");
    /** What docker assumes when a daemon names no version. */
    static final ApiVersion FALLBACK_API_VERSION = ApiVersion.parse("1.24");

    private final UnixHttpTransport transport;
    private Ping ping;
    private Optional<EarlyPing> early = Optional.empty();

    public EngineClient(DaemonHost host) {
        this.transport = new UnixHttpTransport(host);
    }

    /** A client whose first {@link #ping} is {@code early}'s answer when it asked the same host. */
    public EngineClient(DaemonHost host, Optional<EarlyPing> early) {
        this(host);
        // the addresses, not the records: a record's equals is bootstrapped at its first call, generating classes
        if (early.isPresent() && early.get().host().uri().equals(host.uri())) {
            this.early = early;
        }
    }

    public DaemonHost host() {
        return transport.host();
    }

    /** The daemon's {@code /_ping} answer, asked once. */
    public Ping ping() {
        if (ping == null) {
            ping = early.isPresent() ? early.get().await() : ping(transport);
        }
        return ping;
    }

    static Ping ping(UnixHttpTransport transport) {
        try (HttpResponse r = askPing(transport)) {
            return ping(r);
        }
    }

    static HttpResponse askPing(UnixHttpTransport transport) {
        return transport.exchange(HttpRequest.of("GET", "/_ping"));
    }

    /** The answer to {@link #askPing}, read whole; the caller closes the connection. */
    static Ping ping(HttpResponse r) {
        ApiVersion daemon = r.header("Api-Version").map(ApiVersion::parse).orElse(FALLBACK_API_VERSION);
        Ping ping = new Ping(daemon, r.header("Ostype"), r.header("Builder-Version"));
        r.readAll();
        return ping;
    }

    /** The negotiated version: the daemon's when it is lower than ours. */
    public ApiVersion apiVersion() {
        ApiVersion daemon = ping().apiVersion();
        return daemon.compareTo(MAX_API_VERSION) < 0 ? daemon : MAX_API_VERSION;
    }

    /** Sends a request to {@code /vX.Y}{@code path} and returns the response if its status is a success. */
    public HttpResponse send(HttpRequest request) {
        return response(begin(request));
    }

    public HttpResponse send(String method, String path, Query query) {
        return send(HttpRequest.of(method, path + query));
    }

    /**
     * {@link #send} in two halves: sends the request on a connection of its own; {@link #response} reads the answer.
     * Requests begun together are handled by the daemon side by side.
     */
    public UnixHttpTransport.Sent begin(HttpRequest request) {
        return transport.send(versioned(request));
    }

    /** The answer to a request {@linkplain #begin begun}, if its status is a success; else its error. */
    public HttpResponse response(UnixHttpTransport.Sent sent) {
        HttpResponse response = sent.response();
        if (response.status() >= 400) {
            try (response) {
                throw error(response);
            }
        }
        return response;
    }

    /**
     * Sends a request whose connection the daemon takes over ({@code attach}, {@code exec/…/start}); an error
     * status becomes a {@link DaemonException} as for {@link #send}.
     */
    public HijackedConnection hijack(HttpRequest request) {
        return hijacked(beginHijack(request));
    }

    /** {@link #hijack} in two halves, as {@link #begin}. */
    public UnixHttpTransport.Sent beginHijack(HttpRequest request) {
        return transport.sendHijack(versioned(request));
    }

    /** The connection of a hijack {@linkplain #beginHijack begun}, if the daemon took it over; else its error. */
    public HijackedConnection hijacked(UnixHttpTransport.Sent sent) {
        HijackedConnection connection = sent.hijacked();
        if (connection.status() >= 300) {
            try (connection) {
                throw error(connection.status(), readString(connection.in()));
            }
        }
        return connection;
    }

    private HttpRequest versioned(HttpRequest request) {
        return new HttpRequest(request.method(), "/v" + apiVersion() + request.target(), request.headers(),
                request.body());
    }

    /** A small JSON answer, parsed. */
    public JsonNode json(String method, String path, Query query) {
        try (HttpResponse r = send(method, path, query)) {
            return parse(r.readAll());
        }
    }

    public JsonNode json(HttpRequest request) {
        try (HttpResponse r = send(request)) {
            return parse(r.readAll());
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JsonTrees.parse(body);
        } catch (IOException e) {
            throw new UncheckedIOException("read daemon answer", e);
        }
    }

    private static String readString(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("read daemon response", e);
        }
    }

    private static DaemonException error(HttpResponse response) {
        return error(response.status(), response.readString());
    }

    private static DaemonException error(int status, String text) {
        String body = text.trim();
        Optional<String> message = Optional.empty();
        if (body.startsWith("{")) {
            try {
                JsonNode node = JsonTrees.parse(body.getBytes(StandardCharsets.UTF_8));
                message = Optional.ofNullable(node.path("message").textValue());
            } catch (IOException e) {
                message = Optional.empty();
            }
        }
        return new DaemonException(status, message.orElse(body.isEmpty() ? "HTTP status " + status : body));
    }

    /**
     * The daemon's {@code /_ping} headers.
     *
     * @param apiVersion     {@code Api-Version}, or 1.24 when absent as docker assumes
     * @param osType         {@code Ostype}
     * @param builderVersion {@code Builder-Version}
     */
    public record Ping(ApiVersion apiVersion, Optional<String> osType, Optional<String> builderVersion) {}
}
