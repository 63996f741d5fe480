package dev.berth.engine.image;

import dev.berth.engine.config.DataRoot;
import dev.berth.engine.event.Event;
import dev.berth.engine.event.EventBus;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.content.LocalContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.ImageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The daemon's images: metadata in {@link ImageDb}, configs, manifests and layer blobs in berth-oci's content store,
 * unpacked layers in the {@link LayerStore}. Names resolve as docker's {@code GetImage} does: a full ID, a digest,
 * a reference ({@code busybox} means {@code docker.io/library/busybox:latest}), then a unique ID prefix.
 */
public final class ImageStore implements AutoCloseable {
    private static final Pattern FULL_ID = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern ID_PREFIX = Pattern.compile("(sha256:)?[a-f0-9]{1,64}");
    private static final int MAX_CONFIG = 8 * 1024 * 1024;

    private final ImageDb db;
    private final ContentStore content;
    private final LayerStore layers;
    private final EventBus events;
    private final Pins pins = new Pins();
    private final Map<Digest, ImageConfig> configs = new ConcurrentHashMap<>();

    private ImageStore(ImageDb db, ContentStore content, LayerStore layers, EventBus events) {
        this.db = db;
        this.content = content;
        this.layers = layers;
        this.events = events;
    }

    /** Opens the store of {@code root} and repairs what a crash may have left (layer directories, stray blobs). */
    public static ImageStore open(DataRoot root, EventBus events) {
        ImageDb db = ImageDb.open(root.imageDb());
        ContentStore content = LocalContentStore.open(root.content());
        ImageStore store = new ImageStore(db, content, new LayerStore(root, db, content), events);
        store.recover();
        return store;
    }

    private void recover() {
        layers.recover();
        layers.removeUnused(db.unusedLayers(), pins);
        Set<Digest> used = db.usedBlobs();
        content.walk(blob -> {
            if (!used.contains(blob.digest())) {
                content.delete(blob.digest());
            }
        });
    }

    public ContentStore content() {
        return content;
    }

    public LayerStore layers() {
        return layers;
    }

    public EventBus events() {
        return events;
    }

    public Pins.Lease lease() {
        return pins.lease();
    }

    public Pins pins() {
        return pins;
    }

    /** The image {@code name} names, or NOT_FOUND {@code No such image: busybox:latest}. */
    public ImageRecord get(String name) {
        return find(name).orElseThrow(() -> noSuchImage(name));
    }

    public static BerthException noSuchImage(String name) {
        String shown = name;
        if (!FULL_ID.matcher(name).matches() && !Digest.isValid(name) && Reference.isValid(name)) {
            shown = Reference.parse(name).withDefaultTag().familiarString();
        }
        return BerthException.notFound("No such image: " + shown);
    }

    public Optional<ImageRecord> find(String name) {
        if (FULL_ID.matcher(name).matches()) {
            return db.image(Digest.parse("sha256:" + name));
        }
        if (Digest.isValid(name)) {
            return db.image(Digest.parse(name));
        }
        Optional<ImageRecord> named = db.resolve(Reference.parse(name).dockerRef()).flatMap(db::image);
        if (named.isPresent()) {
            return named;
        }
        return byIdPrefix(name);
    }

    private Optional<ImageRecord> byIdPrefix(String name) {
        if (!ID_PREFIX.matcher(name).matches()) {
            return Optional.empty();
        }
        String prefix = name.startsWith("sha256:") ? name.substring(7) : name;
        List<ImageRecord> matches = db.images().stream().filter(i -> i.id().encoded().startsWith(prefix)).toList();
        return matches.size() == 1 ? Optional.of(matches.getFirst()) : Optional.empty();
    }

    public List<ImageRecord> images() {
        return db.images();
    }

    public List<ImageRef> refs() {
        return db.refs();
    }

    /** The references of each image, in name order. */
    public Map<Digest, List<ImageRef>> refsByImage() {
        Map<Digest, List<ImageRef>> out = new HashMap<>();
        for (ImageRef r : db.refs()) {
            out.computeIfAbsent(r.imageId(), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    public List<ImageRef> refsOf(Digest id) {
        return refsByImage().getOrDefault(id, List.of());
    }

    /** The image's config as stored: the bytes its ID digests. */
    public byte[] configBytes(Digest id) {
        try (InputStream in = content.newInputStream(id)) {
            byte[] bytes = in.readNBytes(MAX_CONFIG + 1);
            if (bytes.length > MAX_CONFIG) {
                throw BerthException.invalid("image config " + id + " is larger than " + MAX_CONFIG + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw BerthException.io("read image config " + id, e);
        }
    }

    public ImageConfig config(Digest id) {
        return configs.computeIfAbsent(id, d -> ImageConfig.parse(configBytes(d)));
    }

    /** Records {@code image}, whose config, blobs and layers are stored; a repeat is a no-op. */
    public void register(ImageRecord image) {
        for (ImageLayer l : image.layers()) {
            if (!layers.contains(l.chainId())) {
                throw new BerthException(ErrorKind.INTERNAL, "register image " + image.id() + ": layer "
                        + l.chainId() + " is not unpacked");
            }
        }
        db.putImage(image);
    }

    /** A container made from an image: its layers are the container's lower layers, so the image must stay. */
    public record ImageUser(String containerId, boolean running) {}

    private volatile java.util.function.Function<Digest, List<ImageUser>> users = id -> List.of();

    /** Tells the store which containers use an image (the container service registers itself). */
    public void trackUsers(java.util.function.Function<Digest, List<ImageUser>> containersOf) {
        this.users = containersOf;
    }

    /** The containers made from image {@code id}, running first. */
    public List<ImageUser> users(Digest id) {
        return users.apply(id);
    }

    /**
     * Runs {@code work}, a series of changes to this store, as one database transaction: all or none of them, and
     * one commit (one fsync) instead of one each.
     */
    public <T> T atomically(String action, java.util.function.Supplier<T> work) {
        return db.transaction(action, work::get);
    }

    /** Remembers where layer blobs were pulled from or pushed to, for later pushes to mount them. */
    public void recordSources(List<BlobSource> sources) {
        db.putBlobSources(sources);
    }

    /** The repositories of {@code registry} known to hold a blob of the layer with {@code diffId}, oldest first. */
    public List<BlobSource> sources(Digest diffId, String registry) {
        return db.blobSources(diffId, registry);
    }

    /**
     * Points tag or digest reference {@code ref} at {@code id} and returns the image it named before, if another.
     * Publishes docker's {@code tag} event for tags.
     */
    public Optional<Digest> tag(Reference ref, Digest id) {
        Optional<Digest> before = db.setRef(ref, id);
        if (ref.tag().isPresent()) {
            publish("tag", id, ref.familiarString());
        }
        return before;
    }

    /** Removes {@code ref} and publishes {@code untag}; false when it named nothing. */
    public boolean untag(Reference ref, Digest id) {
        boolean removed = db.removeRef(ref);
        if (removed) {
            publish("untag", id, id.toString());
        }
        return removed;
    }

    /**
     * Removes the image, which no reference names any more, then the layers and blobs no other image uses. Returns
     * the chain IDs of the removed layer directories, top first, as docker lists them.
     */
    public List<Digest> delete(ImageRecord image) {
        db.deleteImage(image.id());
        configs.remove(image.id());
        publish("delete", image.id(), image.id().toString());
        Set<Digest> candidates = new LinkedHashSet<>();
        for (ImageLayer l : image.layers().reversed()) {
            candidates.add(l.chainId());
        }
        Set<Digest> removed = layers.removeUnused(candidates, pins);
        Set<Digest> blobs = new HashSet<>();
        blobs.add(image.id());
        image.manifest().ifPresent(blobs::add);
        image.layers().forEach(l -> blobs.add(l.digests().digest()));
        blobs.removeAll(db.usedBlobs());
        for (Digest blob : blobs) {
            if (!pins.pinned(blob) && content.contains(blob)) {
                content.delete(blob);
            }
        }
        return List.copyOf(removed);
    }

    /** The image a tag or digest reference names. */
    public Optional<Digest> resolveRef(Reference ref) {
        return db.resolve(ref);
    }

    /** Publishes an image event for {@code imageId}, named {@code name} (dockerd's {@code LogImageEvent}). */
    public void publish(String action, Digest imageId, String name) {
        publish(action, imageId.toString(), imageId, name);
    }

    /** Publishes an image event whose actor is a reference ({@code pull}, {@code push}): actor and name are it. */
    public void publish(String action, String reference, Digest imageId) {
        publish(action, reference, imageId, reference);
    }

    private void publish(String action, String actorId, Digest imageId, String name) {
        Map<String, String> attributes = new HashMap<>();
        try {
            attributes.putAll(config(imageId).configOrEmpty().labels());
        } catch (BerthException e) {
            // The image is gone already (a delete): its event carries the name only.
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
        }
        attributes.put("name", name);
        events.publish(new Event("image", action, actorId, attributes, Instant.now()));
    }

    @Override
    public void close() {
        db.close();
    }
}
