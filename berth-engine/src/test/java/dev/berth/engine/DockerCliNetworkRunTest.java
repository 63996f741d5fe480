package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.Leaks;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.engine.testing.TestArchives;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The docker CLI 28 running containers on berthd's networks: names and aliases through the embedded DNS, isolation
 * between networks, published ports served to a plain Java HTTP client, {@code docker port}, inspect's
 * NetworkSettings, and docker's errors.
 */
class DockerCliNetworkRunTest {
    private static final String HTTPD = "mkdir -p /www && echo hello-from-web > /www/index.html"
            + " && exec httpd -f -p 80 -h /www";
    /**
     * Fetches http://NAME/index.html with busybox wget, bounded by {@code timeout}: Debian's busybox 1.35 wget
     * segfaults as soon as its own {@code -T} option is given (in docker's containers too), whatever the address.
     */
    private static final String FETCH = "fetch() { timeout 5 wget -q -O- \"http://$1/index.html\" | grep hello"
            + " || { echo \"unreachable $1\"; return 1; }; }; ";

    static RunningDaemon daemon;
    static DockerCli docker;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "containers need root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/lib/cni/bridge")), "containernetworking-plugins");
        daemon = RunningDaemon.start();
        docker = daemon.docker();
        docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
    }

    @AfterAll
    static void stop() throws IOException {
        if (daemon != null) {
            docker.run("rm", "-f", "web", "web2", "pub", "pall", "cweb", "holder", "bad-port", "bad-unknown",
                    "lweb");
            docker.run("network", "rm", "front", "back", "conn-a", "conn-b", "bad-net", "sealed");
            daemon.close();
        }
    }

    @Test
    void containersOnAUserNetwork_talkByNameAndAlias_andAnotherNetworkCannotReachThem() throws IOException {
        docker.run("network", "create", "front").orFail();
        docker.run("network", "create", "back").orFail();
        docker.run("run", "-d", "--name", "web", "--network", "front", "--network-alias", "www", "busybox", "sh",
                "-c", HTTPD).orFail();
        DockerCli.Result byName = docker.run("run", "--rm", "--network", "front", "busybox", "sh", "-c",
                FETCH + "fetch web && fetch www && fetch web.front");
        assertThat(byName.exitCode()).as(byName.err() + byName.out()).isZero();
        assertThat(byName.out()).isEqualTo("hello-from-web\n".repeat(3));

        JsonNode inspect = Json.MAPPER.readTree(docker.run("inspect", "web").orFail().out()).get(0);
        JsonNode endpoint = inspect.path("NetworkSettings").path("Networks").path("front");
        String ip = endpoint.path("IPAddress").asText();
        assertThat(ip).isNotEmpty();
        assertThat(endpoint.path("Aliases").toString()).contains("www");
        assertThat(endpoint.path("MacAddress").asText()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
        JsonNode network = Json.MAPPER.readTree(docker.run("network", "inspect", "front").orFail().out()).get(0);
        assertThat(network.path("Containers").path(inspect.path("Id").asText()).path("IPv4Address").asText())
                .startsWith(ip + "/");

        DockerCli.Result other = docker.run("run", "--rm", "--network", "back", "busybox", "sh", "-c",
                FETCH + "fetch web || fetch " + ip + " || echo isolated");
        assertThat(other.out()).contains("unreachable web", "unreachable " + ip, "isolated")
                .doesNotContain("hello-from-web");

        DockerCli.Result busy = docker.run("network", "rm", "front");
        assertThat(busy.exitCode()).isEqualTo(1);
        assertThat(busy.err()).contains("error while removing network: network front has active endpoints");
        docker.run("rm", "-f", "web").orFail();
        docker.run("network", "rm", "front", "back").orFail();
    }

    @Test
    void publishedPorts_serveTheHost_onLoopback_withDockerPort() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket()) {
            free.bind(new InetSocketAddress("127.0.0.1", 0));
            port = free.getLocalPort();
        }
        docker.run("run", "-d", "--name", "pub", "-p", "127.0.0.1:" + port + ":80", "busybox", "sh", "-c", HTTPD)
                .orFail();
        assertThat(get(port)).isEqualTo("hello-from-web\n");
        assertThat(docker.run("port", "pub").orFail().out()).isEqualTo("80/tcp -> 127.0.0.1:" + port + "\n");

        DockerCli.Result taken = docker.run("run", "-d", "--name", "web2", "-p", "127.0.0.1:" + port + ":80",
                "busybox", "sh", "-c", HTTPD);
        assertThat(taken.exitCode()).isNotZero();
        assertThat(taken.err()).contains("address already in use");
        docker.run("rm", "-f", "web2");

        docker.run("run", "-d", "--name", "pall", "--expose", "80", "-P", "busybox", "sh", "-c", HTTPD).orFail();
        String mapped = docker.run("port", "pall", "80/tcp").orFail().out().strip();
        int random = Integer.parseInt(mapped.substring(mapped.lastIndexOf(':') + 1));
        assertThat(get(random)).isEqualTo("hello-from-web\n");
        assertThat(docker.run("ps", "--filter", "name=pall", "--format", "{{.Ports}}").orFail().out())
                .contains(":" + random + "->80/tcp");

        docker.run("stop", "-t", "1", "pub").orFail();
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
        docker.run("rm", "-f", "pub", "pall").orFail();
    }

    @Test
    void connectAndDisconnect_withAliasAndFixedAddress_andNetworkEvents() throws IOException {
        docker.run("network", "create", "--subnet", "10.233.7.0/24", "conn-a").orFail();
        docker.run("network", "create", "conn-b").orFail();
        docker.run("run", "-d", "--name", "cweb", "--network", "conn-a", "--ip", "10.233.7.50", "busybox", "sh",
                "-c", HTTPD).orFail();
        JsonNode inspect = Json.MAPPER.readTree(docker.run("inspect", "cweb").orFail().out()).get(0);
        assertThat(inspect.path("NetworkSettings").path("Networks").path("conn-a").path("IPAddress").asText())
                .isEqualTo("10.233.7.50");
        docker.run("network", "connect", "--alias", "api", "conn-b", "cweb").orFail();
        DockerCli.Result viaB = docker.run("run", "--rm", "--network", "conn-b", "busybox", "sh", "-c",
                FETCH + "fetch api");
        assertThat(viaB.out()).as(viaB.err()).isEqualTo("hello-from-web\n");
        docker.run("network", "disconnect", "conn-b", "cweb").orFail();
        DockerCli.Result gone = docker.run("run", "--rm", "--network", "conn-b", "busybox", "sh", "-c",
                FETCH + "fetch api || echo gone");
        assertThat(gone.out()).contains("gone");
        String id = inspect.path("Id").asText();
        List<String> events = docker.run("events", "--since", "0", "--until", String.valueOf(
                System.currentTimeMillis() / 1000 + 1), "--filter", "type=network", "--format",
                "{{.Actor.Attributes.container}} {{.Action}} {{.Actor.Attributes.name}}").orFail().lines().stream()
                .filter(l -> l.startsWith(id + " ")).map(l -> l.substring(id.length() + 1)).toList();
        assertThat(events).containsSubsequence("connect conn-a", "connect conn-b", "disconnect conn-b");
        docker.run("rm", "-f", "cweb").orFail();
        docker.run("network", "rm", "conn-a", "conn-b").orFail();
    }

    @Test
    void unknownNetworks_andBadModes_haveDockersMessages() {
        DockerCli.Result unknown = docker.run("run", "--rm", "--network", "nosuch", "busybox", "true");
        assertThat(unknown.exitCode()).isEqualTo(125);
        assertThat(unknown.err()).contains("network nosuch not found");
        DockerCli.Result noContainer = docker.run("run", "--rm", "--network", "container:nosuch", "busybox", "true");
        assertThat(noContainer.err()).contains("No such container: nosuch");
        DockerCli.Result none = docker.run("run", "--rm", "--network", "none", "busybox", "ls", "/sys/class/net");
        assertThat(none.orFail().out()).isEqualTo("lo\n");
    }

    @Test
    void theDefaultBridge_linksThroughEtcHosts_withAddHostDnsHostname_andContainerModeSharesTheNamespace()
            throws IOException {
        docker.run("run", "-d", "--name", "lweb", "busybox", "sh", "-c", HTTPD).orFail();
        JsonNode web = Json.MAPPER.readTree(docker.run("inspect", "lweb").orFail().out()).get(0);
        String ip = web.path("NetworkSettings").path("IPAddress").asText();
        String gateway = web.path("NetworkSettings").path("Gateway").asText();
        DockerCli.Result r = docker.run("run", "--rm", "--link", "lweb:w", "--add-host", "db.example:10.9.8.7",
                "--add-host", "gw:host-gateway", "--dns", "10.0.0.53", "--dns-search", "corp.example",
                "--hostname", "myhost", "busybox", "sh", "-c",
                "cat /etc/hosts /etc/resolv.conf; hostname; timeout 5 wget -q -O- http://w/index.html");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(ip + "\tw " + web.path("Id").asText().substring(0, 12) + " lweb\n",
                "10.9.8.7\tdb.example\n", gateway + "\tgw\n", "\tmyhost\n", "nameserver 10.0.0.53\n",
                "search corp.example\n", "myhost\nhello-from-web\n");
        DockerCli.Result shared = docker.run("run", "--rm", "--network", "container:lweb", "busybox", "sh", "-c",
                "timeout 5 wget -q -O- http://127.0.0.1/index.html");
        assertThat(shared.out()).as(shared.err()).isEqualTo("hello-from-web\n");
        docker.run("rm", "-f", "lweb").orFail();
    }

    @Test
    void anInternalNetwork_hasNoDefaultRoute_andAddressesComeFromItsIpRange() {
        docker.run("network", "create", "--internal", "--subnet", "10.233.8.0/24", "--ip-range", "10.233.8.128/25",
                "sealed").orFail();
        assertThat(docker.run("network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", "sealed").orFail()
                .out()).as("dockerd's gateway: the range's first address").isEqualTo("10.233.8.128\n");
        DockerCli.Result r = docker.run("run", "--rm", "--network", "sealed", "busybox", "sh", "-c",
                "ip -4 -o addr show eth0; ip route").orFail();
        assertThat(r.out()).contains("inet 10.233.8.129/24", "10.233.8.0/24 dev eth0").doesNotContain("default");
        docker.run("network", "rm", "sealed").orFail();
    }

    @Test
    void badInput_failsWithDockersMessages_andLeavesNoVethBridgeRuleOrProxy() throws IOException {
        docker.run("network", "create", "--subnet", "10.233.9.0/24", "bad-net").orFail();
        String bridge = daemon.daemon().networks().find("bad-net").bridge().orElseThrow();
        DockerCli.Result overlap = docker.run("network", "create", "--subnet", "10.233.0.0/16", "bad-overlap");
        assertThat(overlap.err()).contains("invalid pool request: Pool overlaps with other one on this address"
                + " space");
        int port = freePort();
        int other = freePort();
        docker.run("run", "-d", "--name", "holder", "--network", "bad-net", "-p", "127.0.0.1:" + port + ":80",
                "busybox", "sh", "-c", HTTPD).orFail();
        List<String> holderVeths = Leaks.bridgePorts(bridge);
        assertThat(holderVeths).hasSize(1);

        DockerCli.Result busy = docker.run("network", "rm", "bad-net");
        assertThat(busy.err()).contains("error while removing network: network bad-net has active endpoints"
                + " (name:\"holder\"");
        assertFails(125, "address already in use", "run", "--name", "bad-port", "--network", "bad-net", "-p",
                "127.0.0.1:" + other + ":81", "-p", "127.0.0.1:" + port + ":80", "busybox", "true");
        assertFails(125, "invalid mode: bogus", "run", "--network", "bad-net", "-p", "127.0.0.1:" + other + ":80",
                "-v", "/tmp:/x:bogus", "busybox", "true");
        assertFails(125, "invalid mode: ro,rw", "run", "--network", "bad-net", "-v", "/tmp:/x:ro,rw", "busybox",
                "true");
        assertFails(125, "invalid mount config for type \"bind\": invalid propagation mode: bogus", "run",
                "--network", "bad-net", "--mount", "type=bind,src=/tmp,dst=/x,bind-propagation=bogus", "busybox",
                "true");
        assertFails(125, "invalid mount config for type \"bind\": bind source path does not exist: /no/such/dir",
                "run", "--network", "bad-net", "-p", "127.0.0.1:" + other + ":80", "--mount",
                "type=bind,source=/no/such/dir,target=/x", "busybox", "true");
        assertFails(125, "network nosuch not found", "run", "--name", "bad-unknown", "--network", "nosuch", "-p",
                "127.0.0.1:" + other + ":80", "busybox", "true");
        assertThat(Leaks.bridgePorts(bridge)).as("only the holder's veth").isEqualTo(holderVeths);
        Leaks.assertNoEndpoints(List.of(), "127.0.0.1", List.of(other));

        docker.run("rm", "-f", "holder").orFail();
        docker.run("rm", "-f", "bad-port", "bad-unknown");
        Leaks.assertNoEndpoints(List.of(bridge), "127.0.0.1", List.of(port, other));
        assertThat(Leaks.forwardRules()).as("isolation rules while the network exists").anyMatch(r ->
                List.of(r.split(" ")).contains(bridge));
        docker.run("network", "rm", "bad-net").orFail();
        Leaks.assertBridgesGone(List.of(bridge));
        Leaks.assertNone(daemon.dataRoot(), List.of());
    }

    private static void assertFails(int exitCode, String message, String... args) {
        DockerCli.Result r = docker.run(args);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(exitCode);
        assertThat(r.err()).contains(message);
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket()) {
            free.bind(new InetSocketAddress("127.0.0.1", 0));
            return free.getLocalPort();
        }
    }

    /** GET /index.html through {@code port}, retried while the container's httpd is not up yet. */
    static String get(int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/index.html")).build();
        for (int attempt = 1; ; attempt++) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                if (attempt == 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
