package dev.berth.registry.gc;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.Descriptor;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.storage.ReferrerIndex;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The mark set: per repository, the manifests and blobs that stay, and across repositories every blob digest that
 * stays. Marking a manifest marks, transitively, the manifests an index lists, the config and layers of an image, and
 * the manifests that name it as their {@code subject} (its referrers: signatures, SBOMs stay while their subject
 * does; a referrer does not keep its subject, which the spec allows to be absent).
 */
final class Marks {
    private record Repository(Set<Digest> manifests, Set<Digest> blobs) {
        Repository() {
            this(new HashSet<>(), new HashSet<>());
        }
    }

    private final Map<RepositoryName, Repository> repositories = new HashMap<>();
    private final Set<Digest> kept = new HashSet<>();
    private final References references;
    private final ReferrerIndex referrers;
    private final Consumer<String> log;

    Marks(References references, ReferrerIndex referrers, Consumer<String> log) {
        this.references = references;
        this.referrers = referrers;
        this.log = log;
    }

    /** Marks {@code manifest} of {@code name} and everything it keeps. */
    void manifest(RepositoryName name, Digest manifest) {
        Repository repo = repo(name);
        Deque<Digest> work = new ArrayDeque<>();
        work.push(manifest);
        while (!work.isEmpty()) {
            Digest m = work.pop();
            if (!repo.manifests().add(m)) {
                continue;
            }
            repo.blobs().add(m);
            kept.add(m);
            log.accept(name + ": marking manifest " + m);
            References.Of refs = references.of(name, m);
            refs.manifests().forEach(work::push);
            refs.blobs().forEach(b -> blob(name, b));
            for (Descriptor referrer : referrers.list(name, m)) {
                work.push(referrer.digest());
            }
        }
    }

    /** Marks a config, layer or other blob of {@code name}. */
    void blob(RepositoryName name, Digest blob) {
        if (repo(name).blobs().add(blob)) {
            kept.add(blob);
            log.accept(name + ": marking blob " + blob);
        }
    }

    /** Keeps a blob globally without marking it in a repository: a link that stays for another reason. */
    void keep(Digest blob) {
        kept.add(blob);
    }

    boolean manifestMarked(RepositoryName name, Digest manifest) {
        Repository repo = repositories.get(name);
        return repo != null && repo.manifests().contains(manifest);
    }

    boolean blobMarked(RepositoryName name, Digest blob) {
        Repository repo = repositories.get(name);
        return repo != null && repo.blobs().contains(blob);
    }

    boolean kept(Digest blob) {
        return kept.contains(blob);
    }

    int keptCount() {
        return kept.size();
    }

    private Repository repo(RepositoryName name) {
        return repositories.computeIfAbsent(name, n -> new Repository());
    }
}
