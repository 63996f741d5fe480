package dev.berth.oci.layout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.content.LocalContentStore;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

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
