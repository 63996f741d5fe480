package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.NetworkInterface;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Network namespaces held by files: a new one has its loopback up. */
class NetNamespaceTest {
    @TempDir
    Path dir;

    @Test
    void create_bringsLoopbackUp_andRemoveUnmounts() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "netns: root");
        Path ns = dir.resolve("ns");
        NetNamespace.create(ns);
        try {
            assertThat(NetNamespace.isMounted(ns)).isTrue();
            boolean up = NetNamespace.inside(ns, () -> NetworkInterface.getByName("lo").isUp());
            assertThat(up).as("lo up in the new namespace").isTrue();
        } finally {
            NetNamespace.remove(ns);
        }
        assertThat(NetNamespace.isMounted(ns)).isFalse();
        assertThat(ns).doesNotExist();
    }
}
