package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Network namespaces held by files or descriptors: a new one has its loopback up. */
class NetNamespaceTest {
    @TempDir
    Path dir;

    @BeforeEach
    void root() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "netns: root");
    }

    @Test
    void create_bringsLoopbackUp_andRemoveUnmounts() throws Exception {
        Path ns = dir.resolve("ns");
        NetNamespace.create(ns);
        try {
            assertThat(NetNamespace.isMounted(ns)).isTrue();
            assertThat(loopbackUp(ns)).as("lo up in the new namespace").isTrue();
        } finally {
            NetNamespace.remove(ns);
        }
        assertThat(NetNamespace.isMounted(ns)).isFalse();
        assertThat(ns).doesNotExist();
    }

    @Test
    void aHeldNamespace_boundToAFile_outlivesItsDescriptor() throws Exception {
        Path ns = dir.resolve("held");
        try (NetNamespace.Held held = NetNamespace.createHeld()) {
            held.bindTo(ns);
        }
        try {
            assertThat(NetNamespace.isMounted(ns)).isTrue();
            assertThat(loopbackUp(ns)).isTrue();
            assertThat(inode(ns)).as("not the daemon's own namespace").isNotEqualTo(inode(Path.of("/proc/self/ns/net")));
        } finally {
            NetNamespace.remove(ns);
        }
    }

    @Test
    void spares_giveEachStartANamespaceOfItsOwn() throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        try (SpareNamespace spares = new SpareNamespace()) {
            spares.createAt(first);
            spares.createAt(second);
        }
        try {
            assertThat(loopbackUp(first)).isTrue();
            assertThat(loopbackUp(second)).isTrue();
            assertThat(inode(first)).isNotEqualTo(inode(second));
        } finally {
            NetNamespace.remove(first);
            NetNamespace.remove(second);
        }
    }

    private static boolean loopbackUp(Path ns) {
        return NetNamespace.inside(ns, () -> NetworkInterface.getByName("lo").isUp());
    }

    private static Object inode(Path ns) throws java.io.IOException {
        return Files.getAttribute(ns, "unix:ino");
    }
}
