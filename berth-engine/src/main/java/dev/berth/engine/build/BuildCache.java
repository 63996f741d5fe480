package dev.berth.engine.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.image.ImageLayer;
import dev.berth.engine.image.ImageStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.LayerDigests;
import dev.berth.oci.spec.ImageConfig;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The build cache of docker's classic builder: a step's result is found again by its parent image and its cache key
 * (the instruction as recorded in history, the config it runs with, checksums of copied files). One file per entry:
 * <pre>
 * ROOT/&lt;sha256(parent + "\n" + key)&gt;.json
 *     {"image": "sha256:…", "config": base64 of its bytes, "layer": {chainId, mediaType, digest, …} | null}
 * </pre>
 * Docker's classic builder keeps intermediate images in its image store; here they are configs in the content store,
 * which a daemon restart collects when no image records them. So an entry keeps the config's bytes and puts them back
 * on a hit (the bytes digest to the image ID, so the step's result is the same image). Its new layer must still be in
 * the store: the layers of a recorded image are (the target stage's steps' layers are its image's; other stages'
 * results are recorded as untagged images, as docker's classic builder leaves them). Files appear by atomic rename.
 */
public final class BuildCache {
    private final Path root;
    private final ImageStore store;

    public BuildCache(Path root, ImageStore store) {
        this.root = root;
        this.store = store;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw BerthException.io("create build cache " + root, e);
        }
    }

    /** The image a step with {@code key} made from {@code parent} before, if it is still whole. */
    public Optional<BuildImage> find(BuildImage parent, String key) {
        Path file = file(parent, key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(Files.readAllBytes(file));
            Digest id = Digest.parse(n.get("image").asText());
            if (!store.content().contains(id) && !restoreConfig(id, n.path("config"))) {
                return Optional.empty();
            }
            List<ImageLayer> layers = new ArrayList<>(parent.layers());
            JsonNode l = n.get("layer");
            if (l != null && !l.isNull()) {
                ImageLayer layer = new ImageLayer(Digest.parse(l.get("chainId").asText()), l.get("mediaType").asText(),
                        new LayerDigests(Digest.parse(l.get("digest").asText()), l.get("size").asLong(),
                                Digest.parse(l.get("diffId").asText()), l.get("diffSize").asLong()),
                        l.get("unpackedSize").asLong());
                if (!store.layers().contains(layer.chainId()) || !store.content().contains(layer.digests().digest())) {
                    return Optional.empty();
                }
                layers.add(layer);
            }
            ImageConfig config = store.config(id);
            return Optional.of(new BuildImage(Optional.of(id), config, layers));
        } catch (IOException | RuntimeException e) {
            // An unreadable entry is a miss: the step runs again and rewrites it.
            return Optional.empty();
        }
    }

    /** Puts a collected config back into the content store from the entry's copy; false when the entry has none. */
    private boolean restoreConfig(Digest id, JsonNode config) throws IOException {
        if (!config.isTextual()) {
            return false;
        }
        byte[] bytes = config.binaryValue();
        if (!id.recompute(bytes).equals(id)) {
            return false;
        }
        store.content().put(bytes);
        return true;
    }

    /** Records that {@code key} on {@code parent} made {@code child}. */
    public void put(BuildImage parent, String key, BuildImage child) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        Digest id = child.id().orElseThrow();
        n.put("image", id.toString());
        n.put("config", store.configBytes(id));
        if (child.layers().size() > parent.layers().size()) {
            ImageLayer layer = child.layers().getLast();
            ObjectNode l = n.putObject("layer");
            l.put("chainId", layer.chainId().toString());
            l.put("mediaType", layer.mediaType());
            l.put("digest", layer.digests().digest().toString());
            l.put("size", layer.digests().size());
            l.put("diffId", layer.digests().diffId().toString());
            l.put("diffSize", layer.digests().diffSize());
            l.put("unpackedSize", layer.size());
        } else {
            n.putNull("layer");
        }
        Path file = file(parent, key);
        Path tmp = root.resolve(".tmp-" + UUID.randomUUID());
        try {
            Files.write(tmp, Json.bytes(n));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw BerthException.io("write build cache entry " + file, e);
        }
    }

    private Path file(BuildImage parent, String key) {
        return root.resolve(Digest.sha256(parent.cacheId() + "\n" + key).encoded() + ".json");
    }
}
