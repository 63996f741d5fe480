package dev.berth.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.digest.Digest;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.api.Tag;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StoragePathTest {
    private static final RepositoryName R = RepositoryName.of("lib/busybox");
    private static final Digest D = Digest.sha256("d");

    @Test
    void layoutAsDrawn() {
        String hex = D.encoded();
        assertThat(new StoragePath.LayerLink(R, D).path()).isEqualTo("repositories/lib/busybox/_layers/sha256/" + hex);
        assertThat(new StoragePath.Revision(R, D).path())
                .isEqualTo("repositories/lib/busybox/_manifests/revisions/sha256/" + hex);
        assertThat(new StoragePath.TagLink(R, new Tag("v1")).path())
                .isEqualTo("repositories/lib/busybox/_manifests/tags/v1");
        assertThat(new StoragePath.Referrer(R, D, D).path())
                .isEqualTo("repositories/lib/busybox/_referrers/sha256/" + hex + "/sha256/" + hex);
        UUID id = UUID.randomUUID();
        assertThat(new StoragePath.Upload(R, id).path()).isEqualTo("repositories/lib/busybox/_uploads/" + id);
    }
}
