package dev.berth.oci.layout;

import dev.berth.oci.content.LocalContentStore;
import java.nio.file.Path;

/** Placeholder while the spec types land. */
public final class OciLayout {
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final String LAYOUT_FILE_CONTENT = "{\"imageLayoutVersion\":\"1.0.0\"}";

    private final Path dir;
    private final LocalContentStore blobs;

    private OciLayout(Path dir) {
        this.dir = dir;
        this.blobs = LocalContentStore.open(dir);
    }
}
