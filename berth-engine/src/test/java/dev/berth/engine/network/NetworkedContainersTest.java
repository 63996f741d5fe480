package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;

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
class NetworkedContainersTest {
    private static final String HTTPD = "mkdir -p /www && echo hello-from-web > /www/index.html"
            + " && exec httpd -f -p 80 -h /www";
    /**
     * Fetches http://NAME/index.html with busybox wget, bounded by {@code timeout}: Debian's busybox 1.35 wget
     * segfaults as soon as its own {@code -T} option is given (in docker's containers too), whatever the address.
     */
    private static final String FETCH = "fetch() { timeout 5 wget -q -O- \"http://$1/index.html\" | grep hello"
            + " || { echo \"unreachable $1\"; return 1; }; }; ";

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
                        + " && fetch web-" + f.tag + "." + front.name() + " && cat /etc/resolv.conf;"
                        + " nslookup nosuch.invalid 2>&1; true");
        assertThat(f.run(client).code()).as(f.output(clientId)).isZero();
        assertThat(f.output(clientId)).contains("hello-from-web\nhello-from-web\nhello-from-web\nhello-from-web\n")
                .contains("nameserver 127.0.0.11");
        if (DnsForwarder.ofResolvConf(DnsForwarder.HOST_RESOLV_CONF).servers().isEmpty()) {
            assertThat(f.output(clientId)).as("no loopback resolver on the host: nothing to forward to")
                    .contains("server can't find nosuch.invalid: SERVFAIL");
        }

        String strangerId = NetworkFixture.newId();
        ContainerSpec stranger = f.busybox(on(strangerId, "stranger-" + f.tag, other, List.of()), "sh", "-c",
                FETCH + "fetch web-" + f.tag + " || nslookup web-" + f.tag + " || echo no-name; fetch " + webIp
                        + " || echo no-route");
        f.run(stranger);
        assertThat(f.output(strangerId)).contains("no-name").contains("no-route").doesNotContain("hello-from-web");
        f.stop(webId);
    }

    /**
     * Names no container has go to the container's {@code --dns} server when it is on one of its networks — here a
     * DNS server in another container's namespace, answering 10.1.2.3 for every name — asked from the container's
     * namespace; a {@code --dns} server elsewhere is never asked.
     */
    @Test
    void otherNames_goToADnsServerOnTheContainersNetwork_givenWithDns() throws Exception {
        Network n = f.network("fwd");
        String serverId = NetworkFixture.newId();
        f.start(f.busybox(on(serverId, "dns-" + f.tag, n, List.of()), "sleep", "60"));
        String serverIp = ipOf(serverId, n);
        Path serverNs = f.networks.container(serverId).orElseThrow().sandbox().orElseThrow().netns();
        try (java.net.DatagramSocket server = NetNamespace.inside(serverNs,
                () -> new java.net.DatagramSocket(new java.net.InetSocketAddress(serverIp, 53)))) {
            Thread.ofVirtual().start(() -> answerEverything(server, Ipv4.parse("10.1.2.3")));
            String clientId = NetworkFixture.newId();
            ContainerRequest client = new ContainerRequest(clientId, "fwdc-" + f.tag, clientId.substring(0, 12),
                    n.name(), Map.of(), List.of(), false, List.of(), new HostsConfig(List.of(),
                            List.of("10.255.0.1", serverIp), List.of(), List.of(), List.of()));
            f.run(f.busybox(client, "sh", "-c", "nslookup forwarded.example; nslookup dns-" + f.tag));
            assertThat(f.output(clientId)).contains("Name:\tforwarded.example\nAddress: 10.1.2.3\n",
                    "Name:\tdns-" + f.tag + "\nAddress: " + serverIp + "\n");
        }
        f.stop(serverId);
    }

    private static void answerEverything(java.net.DatagramSocket server, int address) {
        byte[] buffer = new byte[512];
        while (!server.isClosed()) {
            try {
                java.net.DatagramPacket p = new java.net.DatagramPacket(buffer, buffer.length);
                server.receive(p);
                var q = DnsMessage.parseQuery(java.nio.ByteBuffer.wrap(buffer, 0, p.getLength()));
                if (q.isPresent()) {
                    byte[] answer = q.get().answer(List.of(address));
                    server.send(new java.net.DatagramPacket(answer, answer.length, p.getSocketAddress()));
                }
            } catch (IOException closed) {
                return;
            }
        }
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
        HttpResponse<String> r = get(port);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello-from-web\n");
        f.stop(webId);
        assertThat(f.networks.sandboxes.openProxies()).isZero();
        try (var s = new java.net.ServerSocket()) {
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        }
    }

    /**
     * GET /index.html through host port {@code port}, retried while the container's httpd is not listening yet (the
     * proxy then closes the connection it accepted, as docker-proxy does).
     */
    static HttpResponse<String> get(int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/index.html")).build();
        for (int attempt = 1; ; attempt++) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt == 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private String ipOf(String id, Network n) {
        return f.networks.container(id).orElseThrow().sandbox().orElseThrow().endpoint(n.id()).orElseThrow()
                .ipAddress();
    }

    @Test
    void connectAndDisconnect_aRunningContainer_withAnAliasAndAFixedAddress() {
        Network a = f.network("ca");
        Network b = f.networks.create(NetworkCreate.named("cb-" + f.tag).withSubnet("10.232.0.0/24"));
        String webId = NetworkFixture.newId();
        ContainerSpec web = f.busybox(on(webId, "cweb-" + f.tag, a, List.of()), "sh", "-c", HTTPD);
        f.start(web);
        f.networks.connect("cweb-" + f.tag, b.name(), List.of("api"), Optional.of("10.232.0.77"));
        assertThat(ipOf(webId, b)).isEqualTo("10.232.0.77");
        assertThat(f.networks.endpoints(b)).hasSize(1);

        String clientId = NetworkFixture.newId();
        ContainerSpec client = f.busybox(on(clientId, "cclient-" + f.tag, b, List.of()), "sh", "-c",
                FETCH + "fetch api && fetch cweb-" + f.tag);
        assertThat(f.run(client).code()).as(f.output(clientId)).isZero();

        assertThatThrownBy(() -> f.networks.remove(b.name())).isInstanceOf(BerthException.class)
                .hasMessage("error while removing network: network " + b.name() + " has active endpoints (name:\"cweb-"
                        + f.tag + "\" id:\"" + webId.substring(0, 12) + "\")");
        assertThatThrownBy(() -> f.networks.connect(webId, b.name(), List.of(), Optional.empty()))
                .hasMessage("endpoint with name cweb-" + f.tag + " already exists in network " + b.name());

        f.networks.disconnect(webId, b.name(), false);
        String retryId = NetworkFixture.newId();
        ContainerSpec retry = f.busybox(on(retryId, "cretry-" + f.tag, b, List.of()), "sh", "-c",
                FETCH + "fetch api || echo gone");
        f.run(retry);
        assertThat(f.output(retryId)).contains("gone");
        f.stop(webId);
        f.networks.remove(b.name());
        assertThat(HostNetworking.linkExists(b.bridge().orElseThrow())).isFalse();
    }

    @Test
    void aHostPortAlreadyBound_failsTheStart_withDockersMessage_andLeavesNothing() throws IOException {
        Network n = f.network("busy");
        try (var taken = new java.net.ServerSocket()) {
            taken.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            String id = NetworkFixture.newId();
            ContainerRequest request = new ContainerRequest(id, "busy-" + f.tag, id.substring(0, 12), n.name(),
                    Map.of(), List.of(PortMapping.of(80, "tcp", "127.0.0.1", port)), false, List.of(),
                    HostsConfig.NONE);
            f.busybox(request, "true");
            assertThatThrownBy(() -> {
                f.networks.start(id);
                f.networks.awaitStarted(id);
            }).isInstanceOf(BerthException.class)
                    .hasMessageContaining("failed to bind host port for 127.0.0.1:" + port + ":")
                    .hasMessageContaining(":80/tcp: address already in use");
            assertThat(f.networks.container(id).orElseThrow().sandbox()).isEmpty();
            f.networks.stop(id);
            f.assertNoSandboxLeft();
            assertThat(hostVeths()).as("veths left").isEmpty();
        }
    }

    private List<String> hostVeths() throws IOException {
        try (var links = java.nio.file.Files.list(Path.of("/sys/class/net"))) {
            return links.filter(l -> java.nio.file.Files.exists(l.resolve("brport/bridge")))
                    .filter(l -> {
                        try {
                            String bridge = java.nio.file.Files.readSymbolicLink(l.resolve("brport/bridge"))
                                    .getFileName().toString();
                            return bridge.startsWith("br-") && f.networks.list().stream()
                                    .anyMatch(n -> n.bridge().orElse("").equals(bridge));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(l -> l.getFileName().toString()).toList();
        }
    }

    @Test
    void afterARestart_namesAndPublishedPortsAreServedAgain() throws Exception {
        Network n = f.network("restart");
        String webId = NetworkFixture.newId();
        ContainerRequest request = new ContainerRequest(webId, "rweb-" + f.tag, webId.substring(0, 12), n.name(),
                Map.of(), List.of(PortMapping.of(80, "tcp", "127.0.0.1", 0)), false, List.of(), HostsConfig.NONE);
        f.start(f.busybox(request, "sh", "-c", HTTPD));
        f.reopen();
        int port = f.networks.container(webId).orElseThrow().sandbox().orElseThrow().ports().get(0).hostPort();
        HttpResponse<String> r = get(port);
        assertThat(r.body()).isEqualTo("hello-from-web\n");
        String clientId = NetworkFixture.newId();
        ContainerSpec client = f.busybox(on(clientId, "rclient-" + f.tag, n, List.of()), "sh", "-c",
                FETCH + "fetch rweb-" + f.tag);
        assertThat(f.run(client).code()).as(f.output(clientId)).isZero();
        f.stop(webId);
    }

    @Test
    void hostFiles_haveHostnameExtraHostsDnsAndLinks_onTheDefaultBridge() {
        String webId = NetworkFixture.newId();
        f.start(f.busybox(ContainerRequest.of(webId, "lweb-" + f.tag, "bridge"), "sh", "-c", HTTPD));
        String webIp = ipOf(webId, f.networks.find("bridge"));
        String id = NetworkFixture.newId();
        ContainerRequest request = new ContainerRequest(id, "files-" + f.tag, "myhost", "", Map.of(), List.of(),
                false, List.of(), new HostsConfig(List.of("db.example:10.9.8.7", "gw:host-gateway"),
                        List.of("10.0.0.53"), List.of("corp.example"), List.of("timeout:2"),
                        List.of("lweb-" + f.tag + ":web")));
        ContainerSpec spec = f.busybox(request, "sh", "-c", "cat /etc/hosts /etc/resolv.conf; hostname; "
                + "timeout 5 wget -q -O- http://web/index.html | grep hello");
        assertThat(f.run(spec).code()).as(f.output(id)).isZero();
        String gateway = Ipv4.format(f.networks.find("bridge").ipam().orElseThrow().gateway());
        assertThat(f.output(id)).contains("\tmyhost\n", "10.9.8.7\tdb.example\n", gateway + "\tgw\n",
                webIp + "\tweb " + webId.substring(0, 12) + " lweb-" + f.tag + "\n", "nameserver 10.0.0.53\n",
                "search corp.example\n", "options timeout:2\n", "hello-from-web");
        f.stop(webId);
    }

    @Test
    void containerMode_sharesTheNamespace_noneHasOnlyLoopback_hostSeesTheHost() {
        Network n = f.network("share");
        String webId = NetworkFixture.newId();
        f.start(f.busybox(on(webId, "sweb-" + f.tag, n, List.of()), "sh", "-c", HTTPD));
        String sideId = NetworkFixture.newId();
        ContainerSpec side = f.busybox(ContainerRequest.of(sideId, "side-" + f.tag, "container:sweb-" + f.tag),
                "sh", "-c", "timeout 5 wget -q -O- http://127.0.0.1/index.html | grep hello");
        assertThat(f.run(side).code()).as(f.output(sideId)).isZero();

        String noneId = NetworkFixture.newId();
        ContainerSpec none = f.busybox(ContainerRequest.of(noneId, "none-" + f.tag, "none"), "sh", "-c",
                "ls /sys/class/net; cat /sys/class/net/lo/operstate");
        assertThat(f.run(none).code()).isZero();
        assertThat(f.output(noneId)).isEqualTo("lo\nunknown\n");

        String hostId = NetworkFixture.newId();
        ContainerSpec host = f.busybox(ContainerRequest.of(hostId, "host-" + f.tag, "host"), "sh", "-c",
                "ls /sys/class/net");
        assertThat(f.run(host).code()).isZero();
        assertThat(f.output(hostId)).contains("eth0").contains("lo");
        f.stop(webId);
    }

    /**
     * The owner of a namespace another container joined stops first: its interface goes with it — the sharer is
     * left with only lo, as in docker — and its address is released, so no interface keeps an address that may be
     * given to another container.
     */
    @Test
    void containerMode_ownerStopsFirst_itsInterfaceAndAddressGo_theSharerKeepsLoopback() throws IOException {
        Network n = f.network("owner");
        String ownerId = NetworkFixture.newId();
        f.start(f.busybox(on(ownerId, "owner-" + f.tag, n, List.of()), "sleep", "60"));
        String address = Ipv4.format(f.networks.container(ownerId).orElseThrow().sandbox().orElseThrow().endpoints()
                .get(0).address());
        String sideId = NetworkFixture.newId();
        f.start(f.busybox(ContainerRequest.of(sideId, "oside-" + f.tag, "container:owner-" + f.tag), "sleep", "60"));
        Path sideNet = Path.of("/proc", Integer.toString(f.runtime.pid(sideId).orElseThrow()), "net", "dev");
        assertThat(java.nio.file.Files.readString(sideNet)).contains("eth0:");

        f.stop(ownerId);
        assertThat(java.nio.file.Files.readString(sideNet)).contains("lo:").doesNotContain("eth0:");
        try (var files = java.nio.file.Files.walk(root.resolve("network"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("address lease").doesNotContain(address);
        }
        f.stop(sideId);
    }
}
