package dev.berth.engine.network;

import dev.berth.engine.runtime.HostFiles;
import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A container's {@code /etc/hosts}, {@code /etc/hostname} and {@code /etc/resolv.conf} as dockerd writes them: hosts
 * has the loopback names, the container's first address with its hostname, its {@code --link}s (address, alias, short
 * id, name) and {@code --add-host} entries ({@code host-gateway} being the default bridge's gateway); resolv.conf
 * points at the embedded DNS (127.0.0.11, {@code ndots:0}) on user-defined networks, at the {@code --dns} servers or
 * the host's (without loopback ones) otherwise. Host mode gets the host's own files plus {@code --add-host} entries.
 */
final class ContainerHostFiles {
    private static final Path HOST_HOSTS = Path.of("/etc/hosts");
    private static final Path HOST_RESOLV = Path.of("/etc/resolv.conf");
    private static final Path HOST_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private ContainerHostFiles() {}

    /**
     * @param embeddedDns whether the container is on a user-defined network
     * @param links the {@code --link} lines, already resolved
     * @param hostGateway what {@code host-gateway} stands for
     */
    static HostFiles of(ContainerNetworking c, Optional<Endpoint> first, boolean embeddedDns, List<String> links,
            int hostGateway) {
        HostFiles base = HostFiles.defaults(c.hostname(), first.map(Endpoint::ipAddress));
        StringBuilder hosts = new StringBuilder(base.hosts());
        links.forEach(l -> hosts.append(l).append('\n'));
        extraHosts(c.hosts(), hostGateway, hosts);
        return new HostFiles(hosts.toString(), base.hostname(), resolvConf(c.hosts(), embeddedDns, base.resolvConf()));
    }

    /** {@code --network host}: the host's files, {@code --add-host} entries appended. */
    static HostFiles hostMode(ContainerNetworking c, int hostGateway) {
        StringBuilder hosts = new StringBuilder(read(HOST_HOSTS));
        if (!hosts.isEmpty() && hosts.charAt(hosts.length() - 1) != '\n') {
            hosts.append('\n');
        }
        extraHosts(c.hosts(), hostGateway, hosts);
        String resolv = c.hosts().dns().isEmpty() ? read(HOST_RESOLV)
                : resolvConf(c.hosts(), false, read(HOST_RESOLV));
        return new HostFiles(hosts.toString(), read(HOST_HOSTNAME).strip() + "\n", resolv);
    }

    private static void extraHosts(HostsConfig h, int hostGateway, StringBuilder hosts) {
        for (String entry : h.extraHosts()) {
            int sep = entry.indexOf('=') > 0 ? entry.indexOf('=') : entry.indexOf(':');
            String name = entry.substring(0, sep);
            String ip = entry.substring(sep + 1);
            if (ip.equals("host-gateway")) {
                ip = Ipv4.format(hostGateway);
            }
            hosts.append(ip).append('\t').append(name).append('\n');
        }
    }

    private static String resolvConf(HostsConfig h, boolean embeddedDns, String hostFiltered) {
        StringBuilder out = new StringBuilder();
        List<String> hostSearch = hostFiltered.lines().filter(l -> l.startsWith("search ")).toList();
        List<String> hostOptions = hostFiltered.lines().filter(l -> l.startsWith("options ")).toList();
        if (embeddedDns) {
            out.append("nameserver ").append(EmbeddedDns.ADDRESS).append('\n');
        } else if (!h.dns().isEmpty()) {
            h.dns().forEach(d -> out.append("nameserver ").append(d).append('\n'));
        } else {
            hostFiltered.lines().filter(l -> l.startsWith("nameserver")).forEach(l -> out.append(l).append('\n'));
        }
        if (!h.dnsSearch().isEmpty()) {
            out.append("search ").append(String.join(" ", h.dnsSearch())).append('\n');
        } else {
            hostSearch.forEach(l -> out.append(l).append('\n'));
        }
        List<String> options = new java.util.ArrayList<>();
        if (!h.dnsOptions().isEmpty()) {
            options.addAll(h.dnsOptions());
        } else {
            hostOptions.forEach(l -> options.addAll(List.of(l.substring("options ".length()).trim().split("\\s+"))));
        }
        if (embeddedDns && options.stream().noneMatch(o -> o.startsWith("ndots:"))) {
            options.add("ndots:0");
        }
        if (!options.isEmpty()) {
            out.append("options ").append(String.join(" ", options)).append('\n');
        }
        return out.toString();
    }

    /** docker's {@code --link name:alias} line, when the linked container is found by {@code lookup}. */
    static List<String> links(List<String> links, Function<String, Optional<String>> lineOf) {
        return links.stream().map(lineOf).flatMap(Optional::stream).toList();
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw BerthException.io("read " + p, e);
        }
    }
}
