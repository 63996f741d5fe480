package dev.berth.oci.layout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.content.LocalContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Json;
import dev.berth.oci.spec.ManifestDocument;
import dev.berth.oci.spec.MediaTypes;
import dev.berth.oci.spec.Raw;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Blobs are written through {@link #blobs()} or {@link #put}; {@code index.json} is replaced atomically, and only
 * names blobs already stored. Index changes are serialised within this process, not across processes.
 */
public final class OciLayout {
    /** The annotation whose value is an index entry's tag (image-spec "annotations.md"). */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final String LAYOUT_FILE_CONTENT = "{\"imageLayoutVersion\":\"1.0.0\"}";
    /** The ref grammar of image-layout.md: components of alphanumerics joined by [-._:@+] or "--", slash-separated. */
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
            if (!Files.exists(dir.resolve("index.json"))) {
                LayoutFiles.writeAtomically(dir.resolve("index.json"), Index.of(List.of()).toJson());
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

    /** The parsed {@code index.json}. */
    public Index index() {
        try {
            return Index.parse(indexBytes(), Optional.empty());
        } catch (BerthException e) {
            throw BerthException.wrap("read " + dir.resolve("index.json"), e);
        }
    }

    /** Replaces {@code index.json}; NOT_FOUND when an entry names a blob the layout does not hold. */
    public synchronized void writeIndex(Index index) {
        for (Descriptor entry : index.manifests()) {
            requireStored(entry.digest(), "write index of OCI layout " + dir);
        }
        replaceIndex(index.toJson());
    }

    /** Stores a manifest or an index as serialised once by {@link Raw#of}, and returns its descriptor. */
    public Descriptor put(ManifestDocument document) {
        return put(Raw.of(document));
    }

    /** Stores a manifest or an index with its exact bytes, and returns its descriptor. */
    public Descriptor put(Raw<ManifestDocument> document) {
        blobs.put(document.bytes());
        return document.descriptor();
    }

    /** The index entry tagged {@code tag}: a manifest or an index. */
    public Optional<Descriptor> resolve(String tag) {
        return index().manifests().stream().filter(d -> d.annotation(REF_NAME).equals(Optional.of(tag))).findFirst();
    }

    /** The tags of the index, in index order. */
    public List<String> tags() {
        List<String> tags = new ArrayList<>();
        index().manifests().forEach(d -> d.annotation(REF_NAME).ifPresent(tags::add));
        return tags;
    }

    /** Points {@code tag} at {@code target}, stored in this layout, replacing any entry of the same tag. */
    public synchronized void tag(String tag, Descriptor target) {
        checkTag(tag);
        requireManifestOrIndex(target);
        requireStored(target.digest(), "tag " + tag + " in OCI layout " + dir);
        Index index = index();
        List<Descriptor> entries = withoutTag(index.manifests(), tag);
        Map<String, String> annotations = new HashMap<>(target.annotations());
        annotations.put(REF_NAME, tag);
        entries.add(target.withAnnotations(annotations));
        replaceIndex(index.withManifests(entries).toJson());
    }

    /** Points {@code tag} at the manifest or index stored as {@code target}; its media type is read from the blob. */
    public Descriptor tag(String tag, Digest target) {
        Descriptor descriptor = describe(target);
        tag(tag, descriptor);
        return descriptor;
    }

    /** Adds an untagged index entry for {@code target} unless the index already has one for it. */
    public synchronized void add(Descriptor target) {
        requireManifestOrIndex(target);
        requireStored(target.digest(), "add to OCI layout " + dir);
        Index index = index();
        boolean present = index.manifests().stream()
                .anyMatch(d -> d.digest().equals(target.digest()) && d.annotation(REF_NAME).isEmpty());
        if (!present) {
            List<Descriptor> entries = new ArrayList<>(index.manifests());
            entries.add(target);
            replaceIndex(index.withManifests(entries).toJson());
        }
    }

    /** Removes the entry tagged {@code tag}; NOT_FOUND if there is none. Blobs stay. */
    public synchronized void untag(String tag) {
        Index index = index();
        List<Descriptor> entries = withoutTag(index.manifests(), tag);
        if (entries.size() == index.manifests().size()) {
            throw BerthException.notFound("untag " + tag + " in OCI layout " + dir + ": no such tag");
        }
        replaceIndex(index.withManifests(entries).toJson());
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
        } catch (DirectoryNotEmptyException busy) {
            // a write is in progress, or a crashed one left debris the store cleans up itself
        } catch (IOException e) {
            throw BerthException.io("tidy OCI layout " + dir, e);
        }
    }

    /** A descriptor of the stored manifest or index {@code digest}. */
    private Descriptor describe(Digest digest) {
        long size = requireStored(digest, "describe " + digest + " in OCI layout " + dir).size();
        byte[] bytes;
        try (InputStream in = blobs.newInputStream(digest)) {
            bytes = in.readNBytes(ArchiveReader.MAX_METADATA);
        } catch (IOException e) {
            throw BerthException.io("read " + digest + " in OCI layout " + dir, e);
        }
        return Descriptor.of(ManifestDocument.parse(bytes, Optional.empty()).mediaType(), digest, size);
    }

    private BlobInfo requireStored(Digest digest, String action) {
        return blobs.info(digest).orElseThrow(() -> BerthException.notFound(
                action + ": content " + digest + ": not found"));
    }

    private void requireManifestOrIndex(Descriptor target) {
        if (!MediaTypes.isManifestOrIndex(target.mediaType())) {
            throw BerthException.invalid("OCI layout " + dir + ": " + target.digest() + " is a "
                    + target.mediaType() + ", not a manifest or an index");
        }
    }

    private static List<Descriptor> withoutTag(List<Descriptor> entries, String tag) {
        List<Descriptor> kept = new ArrayList<>();
        entries.stream().filter(d -> !d.annotation(REF_NAME).equals(Optional.of(tag))).forEach(kept::add);
        return kept;
    }

    /** Replaces {@code index.json} with {@code index}, whose blobs must already be stored. */
    void replaceIndex(byte[] index) {
        try {
            LayoutFiles.writeAtomically(dir.resolve("index.json"), index);
        } catch (IOException e) {
            throw BerthException.io("write " + dir.resolve("index.json"), e);
        }
    }

    static void checkTag(String tag) {
        if (!TAG.matcher(tag).matches()) {
            throw BerthException.invalid("tag \"" + tag + "\": not a valid OCI layout ref name");
        }
    }

    /** Accepts {@code imageLayoutVersion} 1.x; {@code where} names the layout in the error. */
    static void checkLayoutVersion(byte[] ociLayoutFile, String where) {
        String version;
        try {
            JsonNode node = Json.MAPPER.readTree(ociLayoutFile);
            version = node == null ? "" : node.path("imageLayoutVersion").asText("");
        } catch (IOException e) {
            throw BerthException.invalid(where + ": oci-layout is not JSON: " + e.getMessage());
        }
        if (!version.startsWith("1.")) {
            throw BerthException.invalid(where + ": unsupported imageLayoutVersion \"" + version + "\"");
        }
    }
}
