package dev.berth.registry.gc;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.Descriptor;
import dev.berth.registry.storage.ReferrerIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders manifests for deletion so that nothing served ever points at something already deleted: an index before
 * the manifests it lists, a referrer before its subject. A collection killed between two deletions then leaves only
 * manifests whose references are all there.
 */
final class DeletionOrder {
    private final References references;
    private final ReferrerIndex referrers;

    DeletionOrder(References references, ReferrerIndex referrers) {
        this.references = references;
        this.referrers = referrers;
    }

    List<RepositoryDigest> of(List<RepositoryDigest> manifests) {
        Set<RepositoryDigest> doomed = new HashSet<>(manifests);
        Map<RepositoryDigest, List<RepositoryDigest>> before = new HashMap<>();
        for (RepositoryDigest m : manifests) {
            for (Digest child : references.childrenOrNone(m.repository(), m.digest())) {
                RepositoryDigest c = new RepositoryDigest(m.repository(), child);
                if (doomed.contains(c)) {
                    before.computeIfAbsent(c, k -> new ArrayList<>()).add(m);
                }
            }
            for (Descriptor referrer : referrers.list(m.repository(), m.digest())) {
                RepositoryDigest r = new RepositoryDigest(m.repository(), referrer.digest());
                if (doomed.contains(r)) {
                    before.computeIfAbsent(m, k -> new ArrayList<>()).add(r);
                }
            }
        }
        Set<RepositoryDigest> ordered = new LinkedHashSet<>();
        Set<RepositoryDigest> visiting = new HashSet<>();
        for (RepositoryDigest m : manifests) {
            visit(m, before, visiting, ordered);
        }
        return List.copyOf(ordered);
    }

    /** Emits everything that must go before {@code m}, then {@code m}. */
    private static void visit(RepositoryDigest m, Map<RepositoryDigest, List<RepositoryDigest>> before,
            Set<RepositoryDigest> visiting, Set<RepositoryDigest> ordered) {
        if (ordered.contains(m) || !visiting.add(m)) {
            return;
        }
        for (RepositoryDigest first : before.getOrDefault(m, List.of())) {
            visit(first, before, visiting, ordered);
        }
        ordered.add(m);
    }
}
