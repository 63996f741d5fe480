package dev.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small values a runtime spec is built from: capabilities, users, environment, limits, logs, messages. */
class SpecPiecesTest {
    @Test
    void capabilities_addAndDrop_overDockersDefaults() {
        assertThat(Capabilities.of(false, List.of(), List.of())).hasSize(14).contains("CAP_CHOWN")
                .doesNotContain("CAP_SYS_ADMIN");
        assertThat(Capabilities.of(false, List.of("sys_admin"), List.of("CAP_CHOWN", "net_raw")))
                .contains("CAP_SYS_ADMIN").doesNotContain("CAP_CHOWN", "CAP_NET_RAW");
        assertThat(Capabilities.of(false, List.of("KILL"), List.of("ALL"))).containsExactly("CAP_KILL");
        assertThat(Capabilities.of(true, List.of(), List.of())).isEqualTo(Capabilities.available())
                .contains("CAP_SYS_ADMIN");
        assertThatThrownBy(() -> Capabilities.of(false, List.of("FLY"), List.of()))
                .hasMessage("unknown capability: \"CAP_FLY\"");
    }

    @Test
    void users_resolveNamesAndNumbers_inTheImagesFiles(@TempDir Path rootfs) throws IOException {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n"
                + "app:x:1000:1000:app:/home/app:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\napp:x:1000:\nwheel:x:10:app,root\n"
                + "staff:x:50:\n");
        assertThat(ContainerUser.resolve(rootfs, "")).isEqualTo(ContainerUser.ROOT);
        assertThat(ContainerUser.resolve(rootfs, "app"))
                .isEqualTo(new ContainerUser(1000, 1000, List.of(1000, 10), Optional.of("/home/app")));
        assertThat(ContainerUser.resolve(rootfs, "app:staff"))
                .isEqualTo(new ContainerUser(1000, 50, List.of(50), Optional.of("/home/app")));
        assertThat(ContainerUser.resolve(rootfs, "4242:4343"))
                .isEqualTo(new ContainerUser(4242, 4343, List.of(4343), Optional.empty()));
        assertThat(ContainerUser.resolve(rootfs, "1000").uid()).isEqualTo(1000);
        // dockerd's: a uid missing from passwd runs with gid 0, which is also its one supplementary group
        assertThat(ContainerUser.resolve(rootfs, "99999"))
                .isEqualTo(new ContainerUser(99999, 0, List.of(0), Optional.empty()));
        assertThatThrownBy(() -> ContainerUser.resolve(rootfs, "ghost"))
                .hasMessage("unable to find user ghost: no matching entries in passwd file");
        // runc's GetExecUser, as dockerd 20.10 answers: an empty user is the default one, ids are ranged
        assertThat(ContainerUser.resolve(rootfs, ":staff"))
                .isEqualTo(new ContainerUser(0, 50, List.of(50), Optional.of("/root")));
        assertThat(ContainerUser.resolve(rootfs, "+1000").uid()).isEqualTo(1000);
        for (String outOfRange : List.of("-1", "2147483648", "0:-5", "99999999999")) {
            assertThatThrownBy(() -> ContainerUser.resolve(rootfs, outOfRange)).as(outOfRange)
                    .hasMessage("uids and gids must be in range 0-2147483647");
        }
        assertThatThrownBy(() -> ContainerUser.resolve(rootfs, "app:ghosts"))
                .hasMessage("unable to find group ghosts: no matching entries in group file");
    }

    @Test
    void environment_laterValuesReplaceEarlierOnes_inDockersOrder() {
        assertThat(Environment.of("box", true, List.of("PATH=/image", "A=1"), List.of("A=2", "B")))
                .containsExactly("PATH=/image", "HOSTNAME=box", "TERM=xterm", "A=2");
        assertThat(Environment.of("box", false, List.of("PATH=/image", "A=1", "C=3"), List.of("A", "HOSTNAME")))
                .as("a bare key unsets the variable, the image's and the default's too").containsExactly("PATH=/image",
                        "C=3");
        assertThat(Environment.of("box", false, List.of(), List.of()))
                .containsExactly(Environment.DEFAULT_PATH, "HOSTNAME=box");
        assertThatThrownBy(() -> Environment.of("box", false, List.of(), List.of("=x")))
                .hasMessage("invalid environment variable: =x");
    }

    @Test
    void limits_followDockersGrammar() {
        assertThat(MemorySize.parse("32m")).isEqualTo(32L << 20);
        assertThat(MemorySize.parse("1.5g")).isEqualTo(3L << 29);
        assertThat(MemorySize.parse("512")).isEqualTo(512);
        assertThatThrownBy(() -> MemorySize.parse("lots")).hasMessage("invalid size: 'lots'");
        assertThatThrownBy(() -> Resources.NONE.withMemory(1024)).hasMessage("Minimum memory limit allowed is 6MB");
        assertThat(Ulimit.parse("nofile=100:200")).isEqualTo(new Ulimit("nofile", 100, 200));
        assertThat(Ulimit.parse("nproc=50").hard()).isEqualTo(50);
        assertThatThrownBy(() -> Ulimit.parse("nofile=300:200")).hasMessageContaining("soft limit");
        assertThatThrownBy(() -> Ulimit.parse("wings=1")).hasMessage("invalid ulimit type: wings");
        assertThat(Resources.NONE.withNanoCpus(500_000_000).effectiveCpuQuota()).hasValue(50_000);
        assertThat(Resources.NONE.withMemory(64L << 20).effectiveSwap()).hasValue(128L << 20);
    }

    @Test
    void k8sFileLogLines_parse() {
        LogLine full = LogLine.parse("2026-11-29T02:28:27.111786342+00:00 stdout F hello world");
        assertThat(full).isEqualTo(new LogLine(Instant.parse("2026-11-29T02:28:27.111786342Z"),
                LogLine.Stream.STDOUT, false, "hello world"));
        assertThat(full.bytes()).isEqualTo("hello world\n".getBytes());
        LogLine partial = LogLine.parse("2026-11-29T02:28:27.1+00:00 stderr P no newline");
        assertThat(partial.bytes()).isEqualTo("no newline".getBytes());
        assertThat(LogLine.parse("2026-11-29T02:28:27.1+00:00 stdout F ").text()).isEmpty();
    }

    @Test
    void runtimeMessages_mapToDockersExitCodes() {
        assertThat(RuntimeMessages.exitCodeOf("exec: \"x\": executable file not found in $PATH")).isEqualTo(127);
        assertThat(RuntimeMessages.exitCodeOf("exec: \"/x\": stat /x: no such file or directory")).isEqualTo(127);
        assertThat(RuntimeMessages.exitCodeOf("exec: \"/etc/passwd\": permission denied")).isEqualTo(126);
        assertThat(RuntimeMessages.exitCodeOf("cgroups in hybrid mode not supported")).isEqualTo(125);
        assertThat(RuntimeMessages.clean("time=\"2026\" level=error msg=\"runc create failed: \\\"x\\\"\"\n"))
                .isEqualTo("runc create failed: \"x\"");
    }

    @Test
    void resolvConf_dropsLoopbackServers() {
        assertThat(HostFiles.resolvConf("search lan\nnameserver 127.0.0.53\nnameserver 10.0.0.1\n"))
                .isEqualTo("search lan\nnameserver 10.0.0.1\n");
        assertThat(HostFiles.resolvConf("nameserver 127.0.0.1\n"))
                .isEqualTo("nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
    }

    @Test
    void conmonsReport_isReadUpToItsClosingBrace() throws IOException {
        byte[] in = "{\"data\": -1, \"message\": \"a } and \\\" {\"}{\"next\": 1}".getBytes();
        assertThat(new String(ConmonLauncher.readObject(new java.io.ByteArrayInputStream(in))))
                .isEqualTo("{\"data\": -1, \"message\": \"a } and \\\" {\"}");
        assertThat(ConmonLauncher.readObject(new java.io.ByteArrayInputStream("{\"data\"".getBytes()))).isEmpty();
    }
}
