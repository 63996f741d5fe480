package dev.berth.client.push;

import dev.berth.client.auth.Credentials;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.Reference;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to push: {@code manifest} (the digest of a manifest or index in the content store) under {@code target}'s tag,
 * and for each blob the repositories it is known to be in ({@code docker push}'s mount candidates: where it was
 * pulled from or pushed to before), tried for a cross-repository mount when they are on the target's registry;
 * {@code login} is the request's own credentials for that registry (docker's {@code X-Registry-Auth}), if any.
 */
public record PushRequest(Reference target, Digest manifest, Map<Digest, List<Reference>> knownSources,
        Optional<Credentials> login) {
    public PushRequest {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(manifest, "manifest");
        knownSources = Map.copyOf(knownSources);
        if (target.tag().isEmpty() && target.digest().isEmpty()) {
            throw dev.berth.oci.error.BerthException.invalid("push " + target + ": a tag is needed");
        }
    }

    /** Anonymous, or logged in with the configured credential store. */
    public PushRequest(Reference target, Digest manifest, Map<Digest, List<Reference>> knownSources) {
        this(target, manifest, knownSources, Optional.empty());
    }
}
