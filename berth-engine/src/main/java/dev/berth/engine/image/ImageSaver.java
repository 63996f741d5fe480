package dev.berth.engine.image;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.layout.DockerArchive;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.MediaTypes;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /images/get}: writes images as a {@code docker save} tar in the format of docker 25 and later (an OCI
 * layout plus {@code manifest.json}). An image named by reference is saved under that tag; one named by ID under none.
 */
public final class ImageSaver {
    private final ImageStore store;

    public ImageSaver(ImageStore store) {
        this.store = store;
    }

    /** Resolves every name first, so that an unknown one fails before anything is written. */
    public List<DockerArchive.Image> resolve(List<String> names) {
        Map<Digest, ImageRecord> images = new LinkedHashMap<>();
        Map<Digest, List<String>> tags = new LinkedHashMap<>();
        for (String name : names) {
            ImageRecord image = store.get(name);
            images.put(image.id(), image);
            List<String> t = tags.computeIfAbsent(image.id(), k -> new ArrayList<>());
            if (!ImageDeleter.isIdPrefix(image.id(), name)) {
                Reference ref = Reference.parse(name).withDefaultTag();
                if (ref.tag().isPresent() && ref.digest().isEmpty() && !t.contains(ref.familiarString())) {
                    t.add(ref.familiarString());
                }
            }
        }
        List<DockerArchive.Image> out = new ArrayList<>();
        for (ImageRecord image : images.values()) {
            List<DockerArchive.Layer> layers = image.layers().stream()
                    .map(l -> new DockerArchive.Layer(l.digests(), MediaTypes.compressionOf(l.mediaType())
                            .orElseThrow()))
                    .toList();
            out.add(new DockerArchive.Image(image.id(), image.configSize(), layers, tags.get(image.id())));
        }
        return out;
    }

    public void write(List<DockerArchive.Image> images, OutputStream out) {
        DockerArchive.write(out, images, store.content(), DockerArchive.Format.OCI);
        for (DockerArchive.Image image : images) {
            store.publish("save", image.config(), image.config().toString());
        }
    }
}
