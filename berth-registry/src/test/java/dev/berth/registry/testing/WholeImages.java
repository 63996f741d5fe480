package dev.berth.registry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.ManifestDocument;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.storage.RegistryStorage;
import dev.berth.registry.storage.StoredManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Asserts that a manifest is served whole by a repository: it, and everything it references, transitively. */
public final class WholeImages {
    private WholeImages() {}

    /** Asserts {@code manifest} of {@code repo} is whole and adds every digest it consists of to {@code seen}. */
    public static void assertWhole(RegistryStorage storage, RepositoryName repo, Digest manifest, Set<Digest> seen) {
        Optional<StoredManifest> stored = storage.manifests().get(repo, manifest);
        assertThat(stored).as("manifest %s@%s", repo, manifest).isPresent();
        seen.add(manifest);
        switch (ManifestDocument.parse(stored.get().bytes(), Optional.of(stored.get().mediaType()))) {
            case Index index -> index.manifests().forEach(m -> assertWhole(storage, repo, m.digest(), seen));
            case Manifest m -> {
                List<Descriptor> blobs = new ArrayList<>(m.layers());
                blobs.add(m.config());
                for (Descriptor b : blobs) {
                    assertThat(storage.blobs().stat(repo, b.digest())).as("blob %s@%s", repo, b.digest()).isPresent();
                    seen.add(b.digest());
                }
            }
        }
    }
}
