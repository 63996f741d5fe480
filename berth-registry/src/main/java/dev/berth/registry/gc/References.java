package dev.berth.registry.gc;

import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.ManifestDocument;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.storage.RegistryStorage;
import dev.berth.registry.storage.StoragePath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a stored manifest references, read for the mark: an index's manifests, an image's config and layers. */
final class References {
    /** Manifests are at most 4 MiB when pushed; anything larger in the store is not one of ours. */
    private static final long MAX_MANIFEST = 4L << 20;

    /** The references of one manifest; {@code subject} is not one of them (a referrer does not keep its subject). */
    record Of(List<Digest> manifests, List<Digest> blobs) {
        static final Of NONE = new Of(List.of(), List.of());
    }

    private final RegistryStorage storage;

    References(RegistryStorage storage) {
        this.storage = storage;
    }

    /**
     * The references of manifest {@code digest} as {@code repository} stores it; {@link Of#NONE} when its bytes are
     * not stored. A manifest that cannot be parsed stops the collection: what it references is unknown, so nothing
     * may be deleted on the belief that it is unreferenced.
     */
    Of of(RepositoryName repository, Digest digest) {
        Optional<BlobInfo> info = storage.content().info(digest);
        if (info.isEmpty() || info.get().size() > MAX_MANIFEST) {
            return Of.NONE;
        }
        Optional<String> mediaType = storage.driver().read(new StoragePath.Revision(repository, digest).path())
                .map(b -> new String(b, StandardCharsets.UTF_8).trim())
                .filter(t -> !t.isEmpty());
        try {
            return of(ManifestDocument.parse(read(digest), mediaType));
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return Of.NONE;
            }
            throw BerthException.wrap("gc: manifest " + repository + "@" + digest, e);
        }
    }

    /** The manifests {@code digest} lists, for ordering deletions; empty when unreadable. */
    List<Digest> childrenOrNone(RepositoryName repository, Digest digest) {
        try {
            return of(repository, digest).manifests();
        } catch (BerthException unreadable) {
            return List.of();
        }
    }

    private static Of of(ManifestDocument doc) {
        return switch (doc) {
            case Index index -> new Of(index.manifests().stream().map(Descriptor::digest).toList(), List.of());
            case Manifest m -> {
                List<Digest> blobs = new ArrayList<>(m.layers().size() + 1);
                blobs.add(m.config().digest());
                m.layers().forEach(l -> blobs.add(l.digest()));
                yield new Of(List.of(), blobs);
            }
        };
    }

    private byte[] read(Digest digest) {
        try (InputStream in = storage.content().newInputStream(digest)) {
            return in.readNBytes((int) MAX_MANIFEST + 1);
        } catch (IOException e) {
            throw BerthException.io("read manifest " + digest, e);
        }
    }
}
