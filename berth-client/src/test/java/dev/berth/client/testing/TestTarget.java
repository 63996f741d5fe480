package dev.berth.client.testing;

import dev.berth.client.pull.DirectoryLayerStore;
import dev.berth.client.pull.LayerStore;
import dev.berth.client.pull.PullTarget;
import dev.berth.client.pull.PulledImage;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.content.LocalContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.Reference;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A pull target of a local content store, a directory layer store and a map of references to image IDs. */
public final class TestTarget implements PullTarget {
    private final LocalContentStore content;
    private final DirectoryLayerStore layers;
    private final Map<Reference, Digest> images = new ConcurrentHashMap<>();

    public TestTarget(Path root) {
        this.content = LocalContentStore.open(root.resolve("content"));
        this.layers = DirectoryLayerStore.open(root.resolve("layers"));
    }

    @Override
    public ContentStore content() {
        return content;
    }

    @Override
    public LayerStore layers() {
        return layers;
    }

    public DirectoryLayerStore directories() {
        return layers;
    }

    public Map<Reference, Digest> images() {
        return Map.copyOf(images);
    }

    @Override
    public boolean register(PulledImage image) {
        Digest before = images.put(image.reference(), image.id());
        return !image.id().equals(before);
    }
}
