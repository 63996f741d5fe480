package dev.berth.client.registry;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.reference.Reference;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a registry domain is served (dockerd's registry service): Docker Hub ({@code docker.io}) at
 * {@code https://registry-1.docker.io} (or the configured stand-in); loopback hosts and {@code insecure-registries}
 * over plain http, any other over https; the domain's mirrors first, then the registry itself. Pushes go to the
 * registry only.
 */
public final class RegistryHosts {
    private final RegistryConfig config;

    public RegistryHosts(RegistryConfig config) {
        this.config = config;
    }

    /** The endpoints to pull from, mirrors first. */
    public List<Endpoint> pullEndpoints(String domain) {
        List<Endpoint> out = new ArrayList<>();
        for (URI mirror : config.mirrors().getOrDefault(domain, List.of())) {
            out.add(new Endpoint(mirror, mirror.getRawAuthority(), true));
        }
        out.add(origin(domain));
        return List.copyOf(out);
    }

    /** The registry itself. */
    public Endpoint origin(String domain) {
        if (domain.isEmpty()) {
            throw BerthException.invalid("reference has no registry domain");
        }
        if (domain.equals(Reference.DOCKER_HUB) || domain.equals(Reference.LEGACY_DOCKER_HUB)) {
            return new Endpoint(config.dockerHubEndpoint(), Reference.DOCKER_HUB, false);
        }
        String scheme = isInsecure(domain) ? "http" : "https";
        return new Endpoint(URI.create(scheme + "://" + domain), domain, false);
    }

    /** Plain http: a loopback host, or one listed in {@code insecure-registries} by name, name:port or CIDR. */
    public boolean isInsecure(String domain) {
        String host = hostOf(domain);
        if (host.equals("localhost") || isLoopbackLiteral(host)) {
            return true;
        }
        for (String entry : config.insecureRegistries()) {
            String e = entry.toLowerCase(Locale.ROOT);
            if (e.contains("://")) {
                e = e.substring(e.indexOf("://") + 3);
            }
            if (e.equals(domain.toLowerCase(Locale.ROOT)) || e.equals(host)
                    || e.contains("/") && inCidr(host, e)) {
                return true;
            }
        }
        return false;
    }

    /** The host of {@code host[:port]} or {@code [v6][:port]}, lower-cased, brackets removed. */
    static String hostOf(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (d.startsWith("[")) {
            int end = d.indexOf(']');
            return end > 0 ? d.substring(1, end) : d;
        }
        int colon = d.lastIndexOf(':');
        return colon >= 0 ? d.substring(0, colon) : d;
    }

    private static boolean isLoopbackLiteral(String host) {
        return literal(host).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /** An IP literal, parsed without any name lookup; empty for a name. */
    private static java.util.Optional<InetAddress> literal(String host) {
        try {
            return java.util.Optional.of(InetAddress.ofLiteral(host));
        } catch (IllegalArgumentException notALiteral) {
            return java.util.Optional.empty();
        }
    }

    private static boolean inCidr(String host, String cidr) {
        int slash = cidr.indexOf('/');
        java.util.Optional<InetAddress> address = literal(host);
        java.util.Optional<InetAddress> network = literal(cidr.substring(0, slash));
        int bits;
        try {
            bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (address.isEmpty() || network.isEmpty()) {
            return false;
        }
        byte[] a = address.get().getAddress();
        byte[] n = network.get().getAddress();
        if (a.length != n.length || bits < 0 || bits > a.length * 8) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((a[i / 8] & mask) != (n[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
