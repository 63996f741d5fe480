package dev.berth.engine.distribution;

import dev.berth.client.pull.LayerKey;
import dev.berth.client.pull.LayerStore;
import dev.berth.client.pull.PullTarget;
import dev.berth.client.pull.PulledImage;
import dev.berth.engine.image.BlobSource;
import dev.berth.engine.image.ImageLayer;
import dev.berth.engine.image.ImageLoader;
import dev.berth.engine.image.ImageRecord;
import dev.berth.engine.image.ImageStore;
import dev.berth.engine.image.Pins;
import dev.berth.engine.image.UnpackedLayer;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.layer.ApplyOptions;
import dev.berth.oci.layer.LayerDigests;
import dev.berth.oci.reference.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where pulls put what they fetch: berthd's content store and layer directories, then the image store. Every layer
 * and blob a pull touches stays pinned until an image records it, so that a concurrent {@code rmi} of another image
 * sharing it cannot remove it in between; a failed pull's pins last until the daemon restarts, which only delays the
 * removal of what it left.
 */
final class StorePullTarget implements PullTarget {
    private final ImageStore store;
    private final Pins pins;
    private final Layers layers = new Layers();

    StorePullTarget(ImageStore store) {
        this.store = store;
        this.pins = store.pins();
    }

    @Override
    public ContentStore content() {
        return store.content();
    }

    @Override
    public LayerStore layers() {
        return layers;
    }

    /**
     * Records the image and points its names at it: the tag pulled (or the digest), and the repository's digest
     * reference ({@code RepoDigests}). True when the pulled reference named another image or nothing before.
     */
    @Override
    public boolean register(PulledImage image) {
        List<ImageLayer> imageLayers = new ArrayList<>();
        long size = 0;
        for (LayerKey k : image.layers()) {
            UnpackedLayer unpacked = store.layers().get(k.chainId());
            imageLayers.add(new ImageLayer(k.chainId(), k.blob().mediaType(), new LayerDigests(k.blob().digest(),
                    k.blob().size(), k.diffId(), unpacked.diffSize()), unpacked.size()));
            size += unpacked.size();
        }
        ImageRecord record = new ImageRecord(image.id(), image.config().size(), image.imageConfig().platform(),
                ImageLoader.created(image.imageConfig()), size, Optional.of(image.manifest().digest()), imageLayers);
        Reference ref = image.reference();
        Reference digestRef = ref.nameOnly().withDigest(image.resolved());
        boolean known = store.find(image.id().toString()).isPresent();
        Optional<Digest> before = store.resolveRef(ref);
        store.atomically("register pulled image " + image.id(), () -> {
            store.register(record);
            if (ref.tag().isPresent()) {
                store.tag(ref, image.id());
            }
            store.tag(digestRef, image.id());
            store.recordSources(image.layers().stream()
                    .map(k -> new BlobSource(k.diffId(), k.blob(), ref.domain(), ref.path())).toList());
            return null;
        });
        store.publish("pull", ref.familiarString(), image.id());
        List<Digest> recorded = new ArrayList<>();
        image.layers().forEach(k -> {
            recorded.add(k.chainId());
            recorded.add(k.blob().digest());
        });
        pins.releaseAll(recorded);
        return !known || before.map(b -> !b.equals(image.id())).orElse(true);
    }

    /** berthd's layer directories, as the puller sees them. */
    private final class Layers implements LayerStore {
        @Override
        public boolean contains(Digest chainId) {
            pins.hold(chainId);
            return store.layers().contains(chainId);
        }

        @Override
        public LayerDigests create(LayerKey key, Function<Path, LayerDigests> unpack) {
            pins.hold(key.chainId());
            pins.hold(key.blob().digest());
            LayerDigests[] made = new LayerDigests[1];
            UnpackedLayer layer = store.layers().create(key.chainId(), dir -> made[0] = unpack.apply(dir));
            return made[0] != null ? made[0]
                    : new LayerDigests(key.blob().digest(), key.blob().size(), key.diffId(), layer.diffSize());
        }

        @Override
        public ApplyOptions applyOptions() {
            return store.layers().applyOptions();
        }
    }
}
