package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The contents of a container's {@code /etc/hosts}, {@code /etc/hostname} and {@code /etc/resolv.conf}, written into
 * the bundle and bind-mounted over the image's. The defaults follow dockerd: hosts with the loopback names (and the
 * container's address when it has one), resolv.conf the host's without loopback name servers (unreachable from the
 * container's network namespace), Google's public servers when none is left.
 */
public record HostFiles(String hosts, String hostname, String resolvConf) {
    public static final List<String> NAMES = List.of("hosts", "hostname", "resolv.conf");
    private static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");
    private static final String LOOPBACK_HOSTS = """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            ff00::0\tip6-mcastprefix
            ff02::1\tip6-allnodes
            ff02::2\tip6-allrouters
            """;

    public static HostFiles defaults(String hostname, Optional<String> address) {
        String hosts = LOOPBACK_HOSTS + address.map(a -> a + "\t" + hostname + "\n").orElse("");
        return new HostFiles(hosts, hostname + "\n", resolvConf(readHostResolvConf()));
    }

    /** {@code host} without loopback name servers; Docker's fallback servers if none remains. */
    static String resolvConf(String host) {
        List<String> kept = host.lines()
                .filter(l -> !(l.startsWith("nameserver") && isLoopback(l.substring("nameserver".length()).trim())))
                .toList();
        boolean anyServer = kept.stream().anyMatch(l -> l.startsWith("nameserver"));
        String text = kept.stream().collect(Collectors.joining("\n", "", kept.isEmpty() ? "" : "\n"));
        return anyServer ? text : text + "nameserver 8.8.8.8\nnameserver 8.8.4.4\n";
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("::1");
    }

    private static String readHostResolvConf() {
        try {
            return Files.isRegularFile(HOST_RESOLV_CONF) ? Files.readString(HOST_RESOLV_CONF) : "";
        } catch (IOException e) {
            throw BerthException.io("read " + HOST_RESOLV_CONF, e);
        }
    }

    /** The content of the file {@code name}, one of {@link #NAMES}. */
    public String text(String name) {
        return switch (name) {
            case "hosts" -> hosts;
            case "hostname" -> hostname;
            case "resolv.conf" -> resolvConf;
            default -> throw new IllegalArgumentException("no host file " + name);
        };
    }

    /** Writes into {@code bundle} the files named in {@code names} (of {@link #NAMES}). */
    void write(Path bundle, List<String> names) throws IOException {
        for (String name : names) {
            Files.writeString(bundle.resolve(name), text(name), StandardCharsets.UTF_8);
        }
    }
}
