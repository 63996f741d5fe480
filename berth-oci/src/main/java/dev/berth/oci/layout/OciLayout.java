package dev.berth.oci.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.content.LocalContentStore;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An OCI image layout directory (image-spec "image-layout.md"):
 *
 * <pre>
 * DIR/
 * ├── oci-layout        {"imageLayoutVersion":"1.0.0"}
 * ├── index.json        an image index; an entry's org.opencontainers.image.ref.name annotation is its tag
 * └── blobs/&lt;alg&gt;/&lt;hex&gt;  manifests, indexes, configs, layers (a {@link LocalContentStore})
 * </pre>
 *
 * Blobs are written through {@link #blobs()}; {@code index.json} is replaced atomically, after the blobs it names.
 */
public final class OciLayout {
    /** The annotation whose value is an index entry's tag (image-spec "annotations.md"). */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final String LAYOUT_FILE_CONTENT = "{\"imageLayoutVersion\":\"1.0.0\"}";
    private static final String EMPTY_INDEX =
            "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}";

    private static final Pattern TAG = Pattern.compile(
            "[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*(?:/[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*)*");

    private final Path dir;
    private final LocalContentStore blobs;

    private OciLayout(Path dir) {
        this.dir = dir;
        this.blobs = LocalContentStore.open(dir);
    }

    /** Opens the layout at {@code dir}, creating {@code oci-layout} and an empty {@code index.json} if missing. */
    public static OciLayout create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path version = dir.resolve("oci-layout");
            if (Files.exists(version)) {
                checkLayoutVersion(Files.readAllBytes(version), dir.toString());
            } else {
                LayoutFiles.writeAtomically(version, LAYOUT_FILE_CONTENT.getBytes(StandardCharsets.UTF_8));
            }
            Path index = dir.resolve("index.json");
            if (!Files.exists(index)) {
                LayoutFiles.writeAtomically(index, EMPTY_INDEX.getBytes(StandardCharsets.UTF_8));
            }
            return new OciLayout(dir.toAbsolutePath());
        } catch (IOException e) {
            throw BerthException.io("create OCI layout " + dir, e);
        }
    }

    /** Opens an existing layout; NOT_FOUND without {@code oci-layout}, INVALID_ARGUMENT for another major version. */
    public static OciLayout open(Path dir) {
        try {
            checkLayoutVersion(Files.readAllBytes(dir.resolve("oci-layout")), dir.toString());
            if (!Files.isRegularFile(dir.resolve("index.json"))) {
                throw BerthException.invalid("open OCI layout " + dir + ": no index.json");
            }
            return new OciLayout(dir.toAbsolutePath());
        } catch (NoSuchFileException e) {
            throw BerthException.notFound("open OCI layout " + dir + ": no oci-layout file");
        } catch (IOException e) {
            throw BerthException.io("open OCI layout " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The layout's blobs, as a content store. */
    public LocalContentStore blobs() {
        return blobs;
    }

    /** The bytes of {@code index.json} as stored. */
    public byte[] indexBytes() {
        try {
            return Files.readAllBytes(dir.resolve("index.json"));
        } catch (IOException e) {
            throw BerthException.io("read " + dir.resolve("index.json"), e);
        }
    }

    /** Replaces {@code index.json} with {@code index}, whose blobs must already be stored. */
    void replaceIndex(byte[] index) {
        try {
            LayoutFiles.writeAtomically(dir.resolve("index.json"), index);
        } catch (IOException e) {
            throw BerthException.io("write " + dir.resolve("index.json"), e);
        }
    }

    /** The digest the index entry tagged {@code tag} points to (a manifest or an index). */
    public Optional<Digest> resolve(String tag) {
        for (JsonNode entry : manifests(readIndex())) {
            if (tag.equals(entry.path("annotations").path(REF_NAME).asText(null))) {
                return Optional.of(Digest.parse(entry.path("digest").asText()));
            }
        }
        return Optional.empty();
    }

    /** The tags of the index, in index order. */
    public List<String> tags() {
        List<String> tags = new ArrayList<>();
        for (JsonNode entry : manifests(readIndex())) {
            JsonNode ref = entry.path("annotations").get(REF_NAME);
            if (ref != null && ref.isTextual()) {
                tags.add(ref.asText());
            }
        }
        return tags;
    }

    /**
     * Points {@code tag} at {@code target}, a manifest or index stored in {@link #blobs()}, replacing any entry of
     * the same tag; the entry's media type and size are those of the stored blob.
     */
    public synchronized void tag(String tag, Digest target) {
        checkTag(tag);
        ObjectNode index = readIndex();
        ArrayNode manifests = manifests(index);
        removeTag(manifests, tag);
        ObjectNode entry = descriptorOf(target);
        entry.putObject("annotations").put(REF_NAME, tag);
        manifests.add(entry);
        replaceIndex(ImageDocuments.bytes(index));
    }

    /** Adds an untagged index entry for {@code target} unless the index already has one for it. */
    public synchronized void add(Digest target) {
        ObjectNode index = readIndex();
        ArrayNode manifests = manifests(index);
        for (JsonNode entry : manifests) {
            if (target.toString().equals(entry.path("digest").asText()) && !entry.path("annotations").has(REF_NAME)) {
                return;
            }
        }
        manifests.add(descriptorOf(target));
        replaceIndex(ImageDocuments.bytes(index));
    }

    /** Removes the entry tagged {@code tag}; NOT_FOUND if there is none. Blobs stay. */
    public synchronized void untag(String tag) {
        ObjectNode index = readIndex();
        if (!removeTag(manifests(index), tag)) {
            throw BerthException.notFound("untag " + tag + " in OCI layout " + dir + ": no such tag");
        }
        replaceIndex(ImageDocuments.bytes(index));
    }

    /** Copies every blob of {@code source} that this layout lacks, verifying each. */
    public void copyBlobsFrom(OciLayout source) {
        for (BlobInfo blob : source.blobs().list()) {
            if (!blobs.contains(blob.digest())) {
                try (InputStream in = source.blobs().newInputStream(blob.digest())) {
                    blobs.put(in, blob.digest(), blob.size());
                } catch (IOException e) {
                    throw BerthException.io("copy " + blob.digest() + " from " + source.dir() + " to " + dir, e);
                }
            }
        }
    }

    /** Removes the {@code ingest/} directory the blob store leaves behind once no write is in progress. */
    public void tidy() {
        try {
            Files.deleteIfExists(dir.resolve("ingest"));
        } catch (java.nio.file.DirectoryNotEmptyException busy) {
            // a write is in progress, or a crashed one left debris the store cleans up itself
        } catch (IOException e) {
            throw BerthException.io("tidy OCI layout " + dir, e);
        }
    }

    private ObjectNode descriptorOf(Digest target) {
        long size = blobs.info(target).orElseThrow(() -> BerthException.notFound(
                "tag in OCI layout " + dir + ": content " + target + ": not found")).size();
        JsonNode doc;
        try (var in = blobs.newInputStream(target)) {
            doc = LayoutJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw BerthException.invalid("tag in OCI layout " + dir + ": " + target + " is not JSON: " + e.getMessage());
        }
        String mediaType = doc.path("mediaType").asText(
                doc.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST);
        if (!MediaTypes.isManifestOrIndex(mediaType)) {
            throw BerthException.invalid("tag in OCI layout " + dir + ": " + target + " is a " + mediaType
                    + ", not a manifest or an index");
        }
        return ImageDocuments.descriptor(mediaType, target, size);
    }

    private static boolean removeTag(ArrayNode manifests, String tag) {
        boolean removed = false;
        for (int i = manifests.size() - 1; i >= 0; i--) {
            if (tag.equals(manifests.get(i).path("annotations").path(REF_NAME).asText(null))) {
                manifests.remove(i);
                removed = true;
            }
        }
        return removed;
    }

    private ObjectNode readIndex() {
        try {
            JsonNode node = LayoutJson.MAPPER.readTree(indexBytes());
            if (node instanceof ObjectNode object && (!object.has("manifests") || object.get("manifests").isArray())) {
                return object;
            }
        } catch (IOException e) {
            throw BerthException.invalid("read " + dir.resolve("index.json") + ": " + e.getMessage());
        }
        throw BerthException.invalid("read " + dir.resolve("index.json") + ": not an image index");
    }

    private static ArrayNode manifests(ObjectNode index) {
        return index.has("manifests") ? (ArrayNode) index.get("manifests") : index.putArray("manifests");
    }

    /** The ref grammar of image-layout.md: components of alphanumerics joined by separators [-._:@+] or "--". */
    static void checkTag(String tag) {
        if (!TAG.matcher(tag).matches()) {
            throw BerthException.invalid("tag \"" + tag + "\": not a valid OCI layout ref name");
        }
    }

    /** Accepts {@code imageLayoutVersion} 1.x; {@code where} names the layout in the error. */
    static void checkLayoutVersion(byte[] ociLayoutFile, String where) {
        String version;
        try {
            JsonNode node = LayoutJson.MAPPER.readTree(ociLayoutFile);
            version = node == null ? "" : node.path("imageLayoutVersion").asText("");
        } catch (IOException e) {
            throw BerthException.invalid(where + ": oci-layout is not JSON: " + e.getMessage());
        }
        if (!version.equals("1.0.0") && !version.startsWith("1.")) {
            throw BerthException.invalid(where + ": unsupported imageLayoutVersion \"" + version + "\"");
        }
    }
}
