package dev.berth.client.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import org.junit.jupiter.api.Test;

/** A registry that cannot be reached is named with the reason, as dockerd words it, never a bare exception type. */
class RegistryHttpDialErrorTest {
    @Test
    void aRefusedConnection_saysConnectionRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI uri = URI.create("http://127.0.0.1:" + port + "/v2/");
        IOException failure = null;
        try (HttpClient http = HttpClient.newHttpClient()) {
            http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        assertThat(RegistryHttp.dialError(failure, uri))
                .isEqualTo("dial tcp 127.0.0.1:" + port + ": connect: connection refused");
    }

    @Test
    void anUnresolvedHost_saysNoSuchHost() {
        ConnectException e = new ConnectException();
        e.initCause(new UnresolvedAddressException());
        assertThat(RegistryHttp.dialError(e, URI.create("https://registry-1.docker.io/v2/")))
                .isEqualTo("dial tcp: lookup registry-1.docker.io: no such host");
    }

    @Test
    void otherwise_theFirstMessageInTheChain_elseTheType() {
        IOException reset = new IOException(null, new IOException("Connection reset by peer"));
        assertThat(RegistryHttp.dialError(reset, URI.create("http://h/"))).isEqualTo("Connection reset by peer");
        assertThat(RegistryHttp.dialError(new ConnectException(), URI.create("http://h/"))).isEqualTo("ConnectException");
    }
}
