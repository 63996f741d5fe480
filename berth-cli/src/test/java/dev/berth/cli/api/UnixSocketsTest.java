package dev.berth.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketsTest {
    /**
     * Run in a JVM of its own (class initialisation is once per JVM): loads the support, connects, then names the
     * provider of a {@code SecureRandom} asked for afterwards.
     */
    public static void main(String[] args) throws Exception {
        UnixSockets.load();
        Path socket = Path.of(args[0]);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                    SocketChannel accepted = server.accept()) {
                System.out.println("connected " + (client.isConnected() && accepted.isConnected()));
            }
        }
        System.out.println("provider " + SecureRandom.getInstance("NativePRNGNonBlocking").getProvider().getName());
    }

    @Test
    void exported_loadsWithoutTheSunProvider_andLeavesTheJdksProvidersToOthers(@TempDir Path dir) throws Exception {
        List<String> out = runMain(dir, true);
        assertThat(out).contains("connected true", "provider SUN");
        assertThat(out).anyMatch(l -> l.contains("'dev/berth/cli/api/UnixSockets$Spi'"));
        // the SUN provider is made only afterwards, for the SecureRandom asked of the JDK's providers
        assertThat(out.subList(0, out.indexOf("connected true")))
                .noneMatch(l -> l.contains("'sun/security/provider/SunEntries'"));
    }

    @Test
    void notExported_loadsTheJdksWay(@TempDir Path dir) throws Exception {
        List<String> out = runMain(dir, false);
        assertThat(out).contains("connected true", "provider SUN");
        assertThat(out).noneMatch(l -> l.contains("'dev/berth/cli/api/UnixSockets$Spi'"));
    }

    private static List<String> runMain(Path dir, boolean exported) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
        if (exported) {
            command.addAll(List.of("--add-exports", "java.base/sun.security.jca=ALL-UNNAMED"));
        }
        command.addAll(List.of("-Xshare:off", "-Xlog:class+init=info:stdout", "-cp",
                System.getProperty("java.class.path"), UnixSocketsTest.class.getName(),
                dir.resolve("s.sock").toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = p.inputReader().lines().toList();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
        return lines;
    }
}
