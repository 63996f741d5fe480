package dev.berth.client.registry;

import dev.berth.oci.error.BerthException;
import java.net.URI;
import java.util.Objects;

/**
 * One base URL that serves a registry's Distribution API ({@code <base>/v2/...}): the registry itself or one of its
 * mirrors. {@code credentialHost} is the name credentials are looked up by: the registry's domain for the origin
 * (so Docker Hub's login applies to {@code registry-1.docker.io}), the mirror's own host for a mirror.
 */
public record Endpoint(URI base, String credentialHost, boolean mirror) {
    public Endpoint {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(credentialHost, "credentialHost");
        String scheme = base.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || base.getHost() == null) {
            throw BerthException.invalid("registry endpoint " + base + ": expected an http or https URL");
        }
        String path = base.getPath() == null ? "" : base.getPath();
        base = URI.create(scheme + "://" + base.getRawAuthority() + (path.endsWith("/")
                ? path.substring(0, path.length() - 1) : path));
    }

    /** {@code <base>/v2/<path>}; {@code path} is already URL-safe (repository names and digests are). */
    public URI resolve(String path) {
        return URI.create(base + "/v2/" + path);
    }

    /** {@code host:port} of the base, the unit of connections and of learned authentication challenges. */
    public String authority() {
        return base.getScheme() + "://" + base.getRawAuthority();
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
