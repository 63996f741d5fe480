package dev.berth.registry.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** A JDK HTTP/1.1 client for driving the registry's endpoints in tests. */
public final class Http {
    private final HttpClient client;

    public Http() {
        this(HttpClient.newBuilder());
    }

    public Http(SSLContext tls) {
        this(HttpClient.newBuilder().sslContext(tls));
    }

    private Http(HttpClient.Builder builder) {
        this.client = builder.version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** {@code method url} with the given header name/value pairs and no body. */
    public HttpResponse<String> send(String method, String url, String... headers)
            throws IOException, InterruptedException {
        return send(method, url, new byte[0], headers);
    }

    public HttpResponse<String> send(String method, String url, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> getBytes(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
