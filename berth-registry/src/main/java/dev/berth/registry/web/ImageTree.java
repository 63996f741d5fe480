package dev.berth.registry.web;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.ManifestDocument;
import dev.berth.oci.spec.MediaTypes;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.storage.ManifestStore;
import dev.berth.registry.storage.StoredManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The structure of one pushed image as the seed explains it — index → one manifest per platform → config and layers —
 * read from one repository, so that the page shows only what that repository serves.
 */
final class ImageTree {
    /** What a node is; its label on the page. */
    enum Kind {
        INDEX("index"), MANIFEST("manifest"), CONFIG("config"), LAYER("layer"), BLOB("blob");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * One line of the tree: {@code problem} says why its children are missing (not in this repository, unreadable).
     */
    record Node(Kind kind, Descriptor descriptor, Optional<String> problem, List<Node> children) {}

    private static final int MAX_DEPTH = 4;

    private final ManifestStore manifests;

    ImageTree(ManifestStore manifests) {
        this.manifests = manifests;
    }

    /** The tree under manifest {@code digest} of {@code name}, as a tag points at it. */
    Optional<Node> read(RepositoryName name, Digest digest) {
        return manifests.get(name, digest)
                .map(m -> node(name, Descriptor.of(m.mediaType(), m.digest(), m.size()), m, 0));
    }

    private Node child(RepositoryName name, Descriptor d, int depth) {
        Optional<StoredManifest> stored = manifests.get(name, d.digest());
        if (stored.isEmpty()) {
            return new Node(kindOf(d.mediaType()), d, Optional.of("not in this repository"), List.of());
        }
        return node(name, d, stored.get(), depth);
    }

    private Node node(RepositoryName name, Descriptor d, StoredManifest stored, int depth) {
        ManifestDocument doc;
        try {
            doc = ManifestDocument.parse(stored.bytes(), Optional.of(stored.mediaType()));
        } catch (BerthException e) {
            return new Node(Kind.MANIFEST, d, Optional.of("unreadable: " + e.getMessage()), List.of());
        }
        return switch (doc) {
            case Index index -> {
                List<Node> children = new ArrayList<>();
                for (Descriptor m : index.manifests()) {
                    children.add(depth < MAX_DEPTH ? child(name, m, depth + 1)
                            : new Node(kindOf(m.mediaType()), m, Optional.of("nested too deep"), List.of()));
                }
                yield new Node(Kind.INDEX, d, Optional.empty(), children);
            }
            case Manifest manifest -> {
                List<Node> children = new ArrayList<>();
                children.add(new Node(Kind.CONFIG, manifest.config(), Optional.empty(), List.of()));
                for (Descriptor layer : manifest.layers()) {
                    children.add(new Node(Kind.LAYER, layer, Optional.empty(), List.of()));
                }
                yield new Node(Kind.MANIFEST, d, Optional.empty(), children);
            }
        };
    }

    private static Kind kindOf(String mediaType) {
        if (MediaTypes.isIndex(mediaType)) {
            return Kind.INDEX;
        }
        return MediaTypes.isManifest(mediaType) ? Kind.MANIFEST : Kind.BLOB;
    }
}
