package dev.berth.client.pull;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Descriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One layer of an image, as a layer store knows it: the {@code chainId} naming the stack up to and including it (OCI
 * image spec config.md, "ChainID": {@code ChainID(L0) = DiffID(L0)}, {@code ChainID(Ln) = sha256(ChainID(Ln-1) + " " +
 * DiffID(Ln))}), its {@code diffId} (the uncompressed tar), the {@code parent} chain it stacks on, and the
 * distributed {@code blob} it is unpacked from.
 */
public record LayerKey(Digest chainId, Digest diffId, Optional<Digest> parent, Descriptor blob) {
    public LayerKey {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(blob, "blob");
    }

    /** The keys of an image's layers: its manifest's layer descriptors paired with its config's diff_ids. */
    public static List<LayerKey> chain(List<Descriptor> blobs, List<Digest> diffIds) {
        if (blobs.size() != diffIds.size()) {
            throw BerthException.invalid("image has " + blobs.size() + " layers but " + diffIds.size()
                    + " diff_ids in its config");
        }
        List<LayerKey> out = new ArrayList<>(blobs.size());
        Optional<Digest> parent = Optional.empty();
        for (int i = 0; i < blobs.size(); i++) {
            Digest diffId = diffIds.get(i);
            Digest chainId = parent.map(p -> Digest.sha256(p + " " + diffId)).orElse(diffId);
            out.add(new LayerKey(chainId, diffId, parent, blobs.get(i)));
            parent = Optional.of(chainId);
        }
        return List.copyOf(out);
    }
}
