package dev.berth.cli.auth;

import dev.berth.oci.reference.Reference;

/**
 * The keys docker files credentials under in {@code config.json}: Docker Hub's legacy index URL, any other
 * registry by its host (and port).
 */
public final class RegistryKeys {
    /** Docker Hub's key, kept from the v1 index days. */
    public static final String DOCKER_HUB = "https://index.docker.io/v1/";

    private RegistryKeys() {}

    public static String of(Reference reference) {
        return reference.isDockerHub() ? DOCKER_HUB : reference.domain();
    }

    /** A server as typed after {@code login}/{@code logout}: Hub names map to its key, URLs to their host. */
    public static String ofServer(String server) {
        String host = hostname(server);
        if (host.equals("docker.io") || host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
            return DOCKER_HUB;
        }
        return server.startsWith("http://") || server.startsWith("https://") ? host : server;
    }

    /** docker's {@code ConvertToHostname}: scheme and path dropped. */
    public static String hostname(String url) {
        String s = url;
        if (s.startsWith("http://")) {
            s = s.substring("http://".length());
        } else if (s.startsWith("https://")) {
            s = s.substring("https://".length());
        }
        int slash = s.indexOf('/');
        return slash >= 0 ? s.substring(0, slash) : s;
    }
}
