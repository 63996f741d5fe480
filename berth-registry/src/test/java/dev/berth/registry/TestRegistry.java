package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.digest.Digest;
import dev.berth.registry.config.ListenAddress;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.http.RegistryHooks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;

/** A registry on a free loopback port over a temporary root, with a small HTTP client for the tests. */
final class TestRegistry implements AutoCloseable {
    final Registry registry;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    TestRegistry(Path root, boolean deleteEnabled) {
        RegistryConfig config = RegistryConfig.defaults().withAddr(ListenAddress.parse("127.0.0.1:0"))
                .withRoot(root).withDelete(deleteEnabled);
        registry = Registry.start(config, RegistryHooks.none());
    }

    String host() {
        return "127.0.0.1:" + registry.port();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://" + host() + pathAndQuery);
    }

    HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    /** Pushes {@code bytes} as a blob of {@code repo} in one POST and returns its digest. */
    Digest pushBlob(String repo, byte[] bytes) {
        Digest d = Digest.sha256(bytes);
        HttpResponse<byte[]> r = send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + d, bytes);
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(201);
        return d;
    }

    /** Pushes a manifest and returns its digest. */
    Digest pushManifest(String repo, String reference, String mediaType, byte[] json) {
        HttpResponse<byte[]> r = send("PUT", "/v2/" + repo + "/manifests/" + reference, json,
                "Content-Type", mediaType);
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(201);
        return Digest.parse(r.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    static String body(HttpResponse<byte[]> r) {
        return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    static Optional<String> header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name);
    }

    @Override
    public void close() {
        registry.close();
    }
}
