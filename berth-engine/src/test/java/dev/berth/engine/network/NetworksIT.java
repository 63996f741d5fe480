package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.runtime.ContainerSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real busybox containers on real CNI networks: names through the embedded DNS, isolation, published ports. */
class NetworksIT {
    private static final String HTTPD = "mkdir -p /www && echo hello-from-web > /www/index.html"
            + " && exec httpd -f -p 80 -h /www";
    /**
     * Fetches http://NAME/index.html with busybox nc (the test image's busybox is Debian's static glibc build, whose
     * wget crashes in its service lookup; nc resolves the name through the resolv.conf server like any client).
     */
    private static final String FETCH = "fetch() { printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 3 \"$1\" 80"
            + " | grep hello || { echo \"unreachable $1\"; return 1; }; }; ";

    @TempDir
    Path root;
    NetworkFixture f;

    @BeforeEach
    void setUp() {
        f = new NetworkFixture(root);
    }

    @AfterEach
    void tearDown() throws IOException {
        f.close();
    }

    private static ContainerRequest on(String id, String name, Network n, List<String> aliases) {
        return new ContainerRequest(id, name, id.substring(0, 12), n.name(),
                Map.of(n.name(), new ContainerRequest.EndpointRequest(aliases, Optional.empty())), List.of(), false,
                List.of(), HostsConfig.NONE);
    }

    @Test
    void containersOnAUserNetwork_reachEachOtherByNameAndAlias_othersCannot() {
        Network front = f.network("front");
        Network other = f.network("other");
        String webId = NetworkFixture.newId();
        ContainerSpec web = f.busybox(on(webId, "web-" + f.tag, front, List.of("www")), "sh", "-c", HTTPD);
        f.start(web);
        String webIp = f.networks.container(webId).orElseThrow().sandbox().orElseThrow().endpoints().get(0)
                .ipAddress();

        String clientId = NetworkFixture.newId();
        ContainerSpec client = f.busybox(on(clientId, "client-" + f.tag, front, List.of()), "sh", "-c",
                FETCH + "fetch web-" + f.tag + " && fetch www && fetch " + webId.substring(0, 12)
                        + " && fetch web-" + f.tag + "." + front.name() + " && cat /etc/resolv.conf");
        assertThat(f.run(client).code()).as(f.output(clientId)).isZero();
        assertThat(f.output(clientId)).contains("hello-from-web\nhello-from-web\nhello-from-web\nhello-from-web\n")
                .contains("nameserver 127.0.0.11");

        String strangerId = NetworkFixture.newId();
        ContainerSpec stranger = f.busybox(on(strangerId, "stranger-" + f.tag, other, List.of()), "sh", "-c",
                FETCH + "fetch web-" + f.tag + " || nslookup web-" + f.tag + " || echo no-name; fetch " + webIp
                        + " || echo no-route");
        f.run(stranger);
        assertThat(f.output(strangerId)).contains("no-name").contains("no-route").doesNotContain("hello-from-web");
        f.stop(webId);
    }

    @Test
    void publishedPorts_serveTheContainerOnLoopback_andAreReleasedOnStop() throws Exception {
        Network front = f.network("pub");
        String webId = NetworkFixture.newId();
        ContainerRequest request = new ContainerRequest(webId, "pub-" + f.tag, webId.substring(0, 12), front.name(),
                Map.of(), List.of(PortMapping.of(80, "tcp", "127.0.0.1", 0)), true, List.of("80/tcp", "8080/tcp"),
                HostsConfig.NONE);
        ContainerSpec web = f.busybox(request, "sh", "-c", HTTPD);
        f.start(web);
        List<PortMapping> ports = f.networks.container(webId).orElseThrow().sandbox().orElseThrow().ports();
        assertThat(ports).extracting(PortMapping::key).containsExactly("80/tcp", "8080/tcp");
        int port = ports.get(0).hostPort();
        assertThat(port).isPositive();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/index.html")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello-from-web\n");
        f.stop(webId);
        assertThat(f.networks.sandboxes.openProxies()).isZero();
        try (var s = new java.net.ServerSocket()) {
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        }
    }
}
