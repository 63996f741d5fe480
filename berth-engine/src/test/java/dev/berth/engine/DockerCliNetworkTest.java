package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The docker CLI 28 against berthd: network create, ls, inspect, rm, prune and their errors. */
class DockerCliNetworkTest {
    static RunningDaemon daemon;
    static DockerCli docker;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "networks need root");
        daemon = RunningDaemon.start();
        docker = daemon.docker();
    }

    @AfterAll
    static void stop() throws IOException {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void ls_showsThePredefinedNetworks() {
        List<String> lines = docker.run("network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Scope}}").orFail()
                .lines();
        assertThat(lines).contains("bridge bridge local", "host host local", "none null local");
    }

    @Test
    void create_inspect_rm_withDockersShapes() throws IOException {
        String id = docker.run("network", "create", "--subnet", "10.231.0.0/24", "--gateway", "10.231.0.254",
                "--ip-range", "10.231.0.128/25", "--internal", "--label", "team=a", "-o", "foo=bar", "cli-net")
                .orFail().out().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        JsonNode n = Json.MAPPER.readTree(docker.run("network", "inspect", "cli-net").orFail().out()).get(0);
        assertThat(n.path("Name").asText()).isEqualTo("cli-net");
        assertThat(n.path("Id").asText()).isEqualTo(id);
        assertThat(n.path("Driver").asText()).isEqualTo("bridge");
        assertThat(n.path("Internal").asBoolean()).isTrue();
        JsonNode config = n.path("IPAM").path("Config").get(0);
        assertThat(config.path("Subnet").asText()).isEqualTo("10.231.0.0/24");
        assertThat(config.path("Gateway").asText()).isEqualTo("10.231.0.254");
        assertThat(config.path("IPRange").asText()).isEqualTo("10.231.0.128/25");
        assertThat(n.path("Labels").path("team").asText()).isEqualTo("a");
        assertThat(n.path("Options").path("foo").asText()).isEqualTo("bar");
        assertThat(docker.run("network", "ls", "-q", "--filter", "label=team=a", "--no-trunc").orFail().out().strip())
                .isEqualTo(id);
        assertThat(docker.run("network", "inspect", "-f", "{{.Name}}", id.substring(0, 12)).orFail().out())
                .isEqualTo("cli-net\n");

        DockerCli.Result overlap = docker.run("network", "create", "--subnet", "10.231.0.0/16", "other-net");
        assertThat(overlap.exitCode()).isEqualTo(1);
        assertThat(overlap.err()).contains("invalid pool request: Pool overlaps with other one on this address"
                + " space");
        java.util.Optional<String> hostRoute = java.nio.file.Files.readAllLines(java.nio.file.Path.of(
                "/proc/net/route")).stream().skip(1).map(l -> l.trim().split("\\s+"))
                .filter(f -> !f[1].equals("00000000") && !f[0].startsWith("br-") && !f[0].startsWith("bt"))
                .map(f -> dev.berth.engine.network.Ipv4.format(Integer.reverseBytes(Integer.parseUnsignedInt(f[1],
                        16))) + "/" + Integer.bitCount(Integer.parseUnsignedInt(f[7], 16))).findFirst();
        if (hostRoute.isPresent()) {
            DockerCli.Result routed = docker.run("network", "create", "--subnet", hostRoute.get(), "on-host-lan");
            assertThat(routed.exitCode()).isEqualTo(1);
            assertThat(routed.err()).contains("subnet " + hostRoute.get() + " conflicts with the host's route to");
        }
        DockerCli.Result hostBridge = docker.run("network", "create", "-o", "com.docker.network.bridge.name=lo",
                "on-lo");
        assertThat(hostBridge.exitCode()).isEqualTo(1);
        assertThat(hostBridge.err()).contains("bridge name lo is already in use by an interface on the host");
        DockerCli.Result twice = docker.run("network", "create", "cli-net");
        assertThat(twice.err()).contains("network with name cli-net already exists");

        assertThat(docker.run("network", "rm", "cli-net").orFail().out()).isEqualTo("cli-net\n");
        DockerCli.Result gone = docker.run("network", "inspect", "cli-net");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("network cli-net not found");
        List<String> events = docker.run("events", "--since", "0", "--until", String.valueOf(
                System.currentTimeMillis() / 1000 + 1), "--filter", "type=network", "--format",
                "{{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}}").orFail().lines();
        assertThat(events).contains("network create " + id + " cli-net", "network destroy " + id + " cli-net");
    }

    @Test
    void predefinedNetworks_cannotBeRemoved_andUnknownOnesAreNotFound() {
        DockerCli.Result bridge = docker.run("network", "rm", "bridge");
        assertThat(bridge.exitCode()).isEqualTo(1);
        assertThat(bridge.err()).contains("bridge is a pre-defined network and cannot be removed");
        DockerCli.Result unknown = docker.run("network", "rm", "no-such-net");
        assertThat(unknown.err()).contains("network no-such-net not found");
    }

    @Test
    void prune_removesUnusedUserNetworks() {
        docker.run("network", "create", "prune-a").orFail();
        docker.run("network", "create", "--label", "keep=1", "prune-b").orFail();
        DockerCli.Result prune = docker.run("network", "prune", "-f", "--filter", "label!=keep").orFail();
        assertThat(prune.out()).contains("Deleted Networks:\nprune-a\n");
        assertThat(docker.run("network", "ls", "--format", "{{.Name}}").orFail().lines()).contains("prune-b")
                .doesNotContain("prune-a");
        docker.run("network", "rm", "prune-b").orFail();
    }
}
