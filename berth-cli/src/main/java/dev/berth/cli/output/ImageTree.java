package dev.berth.cli.output;

import dev.berth.oci.content.BlobReader;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The structure of an image as the seed explains it — index → one manifest per platform → config and layers — drawn
 * as a tree with media types, digests and sizes, read from any {@link BlobReader} (an OCI layout, berthd's store).
 */
public final class ImageTree {
    /** One line of the tree and what hangs below it. */
    record Node(String label, Descriptor descriptor, List<Node> children) {}

    private final BlobReader blobs;

    public ImageTree(BlobReader blobs) {
        this.blobs = blobs;
    }

    /** Reads the documents reachable from {@code root}; layers are listed, not read. */
    Node walk(Descriptor root) {
        if (MediaTypes.isIndex(root.mediaType())) {
            Index index = Index.parse(read(root), Optional.of(root.mediaType()));
            List<Node> children = new ArrayList<>();
            for (Descriptor m : index.manifests()) {
                children.add(walk(m));
            }
            return new Node("index", root, children);
        }
        if (MediaTypes.isManifest(root.mediaType())) {
            Manifest manifest = Manifest.parse(read(root), Optional.of(root.mediaType()));
            List<Node> children = new ArrayList<>();
            children.add(new Node("config", manifest.config(), List.of()));
            for (int i = 0; i < manifest.layers().size(); i++) {
                children.add(new Node("layer " + (i + 1), manifest.layers().get(i), List.of()));
            }
            String platform = root.platform().map(p -> " " + p).orElse("");
            return new Node("manifest" + platform, root, children);
        }
        return new Node("blob", root, List.of());
    }

    private byte[] read(Descriptor d) {
        if (d.size() > 4 << 20) {
            throw BerthException.invalid("image tree: " + d.digest() + ": a manifest over 4 MiB (" + d.size() + " bytes)");
        }
        try (InputStream in = blobs.newInputStream(d.digest())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw BerthException.io("image tree: read " + d.digest(), e);
        }
    }

    /** Prints the tree under a title line (the image's name). */
    public void print(String title, Descriptor root, PrintStream out) {
        out.println(title);
        print(walk(root), "", "", out);
    }

    private static void print(Node node, String lead, String childLead, PrintStream out) {
        Descriptor d = node.descriptor();
        out.println(lead + node.label() + "  " + d.digest() + "  " + d.mediaType() + "  " + HumanSize.of(d.size()));
        for (int i = 0; i < node.children().size(); i++) {
            boolean last = i == node.children().size() - 1;
            print(node.children().get(i), childLead + (last ? "└── " : "├── "), childLead + (last ? "    " : "│   "),
                    out);
        }
    }
}
