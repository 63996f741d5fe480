package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.spec.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-daemon release of host-local's leases against leases the real plugin made (Debian's containernetworking-plugins). */
class HostLocalLeasesTest {
    private static final Path PLUGIN = Path.of("/usr/lib/cni/host-local");

    @TempDir
    Path dir;

    private ObjectNode conf() {
        ObjectNode conf = Json.MAPPER.createObjectNode();
        conf.put("cniVersion", "1.0.0").put("name", "leases-test").put("type", "bridge");
        ObjectNode ipam = conf.putObject("ipam");
        ipam.put("type", "host-local").put("dataDir", dir.toString());
        ipam.putArray("ranges").addArray().addObject().put("subnet", "10.250.3.0/24");
        return conf;
    }

    /** host-local's own ADD, as the bridge plugin runs it: the address it leased. */
    private String add(ObjectNode conf, String id, String ifname) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(PLUGIN.toString());
        pb.environment().putAll(java.util.Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", id, "CNI_NETNS", "/proc/self/ns/net",
                "CNI_IFNAME", ifname, "CNI_PATH", "/usr/lib/cni"));
        Path stdin = Files.write(dir.resolve("conf-" + id + "-" + ifname + ".json"), Json.bytes(conf));
        pb.redirectInput(stdin.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return Json.MAPPER.readTree(out).path("ips").get(0).path("address").asText().replaceAll("/.*", "");
    }

    private List<String> leased() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("leases-test"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("10.")).sorted().toList();
        }
    }

    @Test
    void theContainersInterfaceLease_goes_theOthersStay_andThePluginLeasesItAgain() throws Exception {
        assumeTrue(Files.isExecutable(PLUGIN), "host-local not installed");
        ObjectNode conf = conf();
        String a = add(conf, "aaaa", "eth0");
        String b = add(conf, "bbbb", "eth0");
        String a1 = add(conf, "aaaa", "eth1");
        assertThat(leased()).containsExactlyInAnyOrder(a, b, a1);

        assertThat(HostLocalLeases.release(conf.path("ipam"), "leases-test", "aaaa", "eth0")).isTrue();

        assertThat(leased()).containsExactlyInAnyOrder(b, a1);
        assertThat(dir.resolve("leases-test/lock")).exists();
        // Its last reservation moves on: the plugin takes the next free one, then wraps round to the released one.
        assertThat(add(conf, "cccc", "eth0")).isNotIn(b, a1);
    }

    @Test
    void aNetworkWhosePluginNeverRan_isLeftToThePlugin() {
        assertThat(HostLocalLeases.release(conf().path("ipam"), "leases-test", "aaaa", "eth0")).isFalse();
        ObjectNode other = Json.MAPPER.createObjectNode().put("type", "dhcp");
        assertThat(HostLocalLeases.release(other, "leases-test", "aaaa", "eth0")).isFalse();
    }
}
