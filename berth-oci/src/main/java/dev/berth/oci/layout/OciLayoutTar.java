package dev.berth.oci.layout;

import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Index;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An OCI image layout as one tar (image-spec "image-layout.md"; what {@code skopeo copy oci-archive:} reads and
 * writes): {@code oci-layout}, {@code index.json}, then {@code blobs/<alg>/<hex>} in digest order. Writing streams
 * every blob from its file; reading streams every blob into a content store, verified against its name, and only
 * then publishes the index, so a failed read never leaves an index naming missing blobs.
 */
public final class OciLayoutTar {
    private static final String ARCHIVE = "OCI layout tar";

    private OciLayoutTar() {}

    /** Writes {@code layout} as a tar to {@code out}, which stays open. */
    public static void write(OciLayout layout, OutputStream out) {
        try (ArchiveWriter tar = new ArchiveWriter(out)) {
            tar.file("oci-layout", Files.readAllBytes(layout.dir().resolve("oci-layout")));
            tar.file("index.json", layout.indexBytes());
            tar.directory("blobs");
            for (BlobInfo blob : layout.blobs().list()) {
                Digest d = blob.digest();
                try (InputStream in = layout.blobs().newInputStream(d)) {
                    tar.file("blobs/" + d.algorithm().id() + "/" + d.encoded(), blob.size(), in);
                }
            }
        } catch (IOException e) {
            throw BerthException.io("write " + ARCHIVE + " of " + layout.dir(), e);
        }
    }

    /**
     * Extracts a layout tar into a new layout at {@code dir} (absent or empty). Entries other than the layout's
     * own ({@code manifest.json} of a {@code docker save} tar, say) are skipped.
     */
    public static OciLayout extract(InputStream tar, Path dir) {
        OciLayout layout = OciLayout.create(dir);
        byte[] index = readBlobs(tar, layout.blobs());
        layout.replaceIndex(index);
        return layout;
    }

    /**
     * Reads a layout tar from {@code tar} to its end (not closing it), putting every blob into {@code store} after
     * checking it against its name, and returns the tar's {@code index.json}.
     */
    public static Index read(InputStream tar, ContentStore store) {
        return Index.parse(readBlobs(tar, store), Optional.empty());
    }

    /** Stores the blobs and returns the raw {@code index.json}, checked to be an index. */
    private static byte[] readBlobs(InputStream tar, ContentStore store) {
        ArchiveReader archive = new ArchiveReader(tar, ARCHIVE);
        byte[] index = null;
        byte[] version = null;
        for (Optional<ArchiveReader.Entry> e = archive.next(); e.isPresent(); e = archive.next()) {
            ArchiveReader.Entry entry = e.get();
            if (entry.kind() != ArchiveReader.Kind.FILE) {
                if (entry.name().startsWith("blobs/") && entry.kind() != ArchiveReader.Kind.DIRECTORY) {
                    throw BerthException.invalid("read " + ARCHIVE + ": " + entry.name() + " is not a regular file");
                }
                continue;
            }
            switch (entry.name()) {
                case "index.json" -> index = archive.readSmall(entry);
                case "oci-layout" -> version = archive.readSmall(entry);
                default -> {
                    if (entry.name().startsWith("blobs/")) {
                        store.put(archive.content(), blobDigest(entry.name()), entry.size());
                    }
                }
            }
        }
        if (version == null) {
            throw BerthException.invalid("read " + ARCHIVE + ": no oci-layout file: not an OCI image layout");
        }
        OciLayout.checkLayoutVersion(version, ARCHIVE);
        if (index == null) {
            throw BerthException.invalid("read " + ARCHIVE + ": no index.json");
        }
        try {
            Index.parse(index, Optional.empty());
        } catch (BerthException e) {
            throw BerthException.wrap("read " + ARCHIVE + ": index.json", e);
        }
        return index;
    }

    private static Digest blobDigest(String name) {
        String[] parts = name.split("/");
        if (parts.length != 3 || DigestAlgorithm.byId(parts[1]).isEmpty() || !Digest.isValid(parts[1] + ":" + parts[2])) {
            throw BerthException.invalid("read " + ARCHIVE + ": " + name + " is not named blobs/<algorithm>/<hex>");
        }
        return Digest.parse(parts[1] + ":" + parts[2]);
    }
}
