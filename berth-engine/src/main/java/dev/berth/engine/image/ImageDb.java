package dev.berth.engine.image;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.layer.LayerDigests;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.Platform;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The image metadata database ({@code image.db}, SQLite): images with their layers, references, and the unpacked
 * layer directories that are complete. One connection, used under this object's lock; every change is one
 * transaction, so a crash leaves the previous state or the next, never half of one.
 *
 * <pre>
 * images(id, config_size, os, architecture, variant, created, size, manifest, added)
 * image_layers(image_id → images, position, chain_id, media_type, digest, size, diff_id, diff_size, unpacked_size)
 * refs(name, image_id → images, tagged)        name: docker.io/library/busybox:latest or …@sha256:…
 * layers(chain_id, diff_id, diff_size, size)    a row = layers/sha256/&lt;chain&gt; is complete; size = its files' bytes
 * blob_sources(diff_id, digest, media_type, size, registry, repository)   see {@link BlobSource}; kept after rmi
 * </pre>
 */
public final class ImageDb implements AutoCloseable {
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS images(id TEXT PRIMARY KEY, config_size INTEGER NOT NULL, os TEXT NOT NULL,
              architecture TEXT NOT NULL, variant TEXT, created INTEGER NOT NULL, size INTEGER NOT NULL,
              manifest TEXT, added INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS image_layers(image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
              position INTEGER NOT NULL, chain_id TEXT NOT NULL, media_type TEXT NOT NULL, digest TEXT NOT NULL,
              size INTEGER NOT NULL, diff_id TEXT NOT NULL, diff_size INTEGER NOT NULL,
              unpacked_size INTEGER NOT NULL, PRIMARY KEY(image_id, position));
            CREATE INDEX IF NOT EXISTS image_layers_chain ON image_layers(chain_id);
            CREATE TABLE IF NOT EXISTS refs(name TEXT PRIMARY KEY, image_id TEXT NOT NULL REFERENCES images(id),
              tagged INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS refs_image ON refs(image_id);
            CREATE TABLE IF NOT EXISTS layers(chain_id TEXT PRIMARY KEY, diff_id TEXT NOT NULL,
              diff_size INTEGER NOT NULL, size INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS blob_sources(diff_id TEXT NOT NULL, digest TEXT NOT NULL,
              media_type TEXT NOT NULL, size INTEGER NOT NULL, registry TEXT NOT NULL, repository TEXT NOT NULL,
              PRIMARY KEY(diff_id, digest, registry, repository));
            """;

    private final Connection db;

    private ImageDb(Connection db) {
        this.db = db;
    }

    public static ImageDb open(Path file) {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA foreign_keys=ON");
                for (String ddl : SCHEMA.split(";")) {
                    if (!ddl.isBlank()) {
                        s.execute(ddl);
                    }
                }
            }
            return new ImageDb(c);
        } catch (SQLException e) {
            throw failure("open image database " + file, e);
        }
    }

    /**
     * {@link #transaction} with {@code synchronous=NORMAL}: in WAL mode the commit is atomic and survives a killed
     * process, but may be lost in a power cut until a later FULL commit syncs the log, which then holds it too.
     */
    private synchronized <T> T unsynced(String action, Work<T> work) {
        try {
            if (!db.getAutoCommit()) {
                return work.run(); // joins the enclosing transaction, synced as that one is
            }
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA synchronous=NORMAL");
                try {
                    return transaction(action, work);
                } finally {
                    s.execute("PRAGMA synchronous=FULL");
                }
            }
        } catch (SQLException e) {
            throw failure(action, e);
        }
    }

    /** A unit of work run in one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: all of its changes, or none. Called again from within {@code work} (on
     * this thread, which holds the lock), it joins the enclosing transaction.
     */
    public synchronized <T> T transaction(String action, Work<T> work) {
        try {
            if (!db.getAutoCommit()) {
                return work.run();
            }
            db.setAutoCommit(false);
            try {
                T result = work.run();
                db.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(action, e);
        }
    }

    public synchronized void putImage(ImageRecord image) {
        transaction("store image " + image.id(), () -> {
            if (image(image.id()).isPresent()) {
                return null;
            }
            try (PreparedStatement p = db.prepareStatement("INSERT INTO images VALUES(?,?,?,?,?,?,?,?,?)")) {
                p.setString(1, image.id().toString());
                p.setLong(2, image.configSize());
                p.setString(3, image.platform().os());
                p.setString(4, image.platform().architecture());
                p.setString(5, image.platform().variant().orElse(null));
                p.setLong(6, nanos(image.created()));
                p.setLong(7, image.size());
                p.setString(8, image.manifest().map(Digest::toString).orElse(null));
                p.setLong(9, nanos(Instant.now()));
                p.executeUpdate();
            }
            try (PreparedStatement p = db.prepareStatement("INSERT INTO image_layers VALUES(?,?,?,?,?,?,?,?,?)")) {
                for (int i = 0; i < image.layers().size(); i++) {
                    ImageLayer l = image.layers().get(i);
                    p.setString(1, image.id().toString());
                    p.setInt(2, i);
                    p.setString(3, l.chainId().toString());
                    p.setString(4, l.mediaType());
                    p.setString(5, l.digests().digest().toString());
                    p.setLong(6, l.digests().size());
                    p.setString(7, l.digests().diffId().toString());
                    p.setLong(8, l.digests().diffSize());
                    p.setLong(9, l.size());
                    p.executeUpdate();
                }
            }
            return null;
        });
    }

    public synchronized Optional<ImageRecord> image(Digest id) {
        return images("WHERE id = ?", id.toString()).stream().findFirst();
    }

    /** Every image, oldest added first. */
    public synchronized List<ImageRecord> images() {
        return images("", null);
    }

    private List<ImageRecord> images(String where, String arg) {
        return query("list images", () -> {
            Map<String, ImageRecord> found = new LinkedHashMap<>();
            try (PreparedStatement p = db.prepareStatement("SELECT * FROM images " + where + " ORDER BY added")) {
                if (arg != null) {
                    p.setString(1, arg);
                }
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        String id = r.getString("id");
                        Platform platform = Platform.of(r.getString("os"), r.getString("architecture"),
                                Optional.ofNullable(r.getString("variant")));
                        found.put(id, new ImageRecord(Digest.parse(id), r.getLong("config_size"), platform,
                                instant(r.getLong("created")), r.getLong("size"),
                                Optional.ofNullable(r.getString("manifest")).map(Digest::parse),
                                layers(id)));
                    }
                }
            }
            return new ArrayList<>(found.values());
        });
    }

    private List<ImageLayer> layers(String imageId) throws SQLException {
        List<ImageLayer> layers = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement(
                "SELECT * FROM image_layers WHERE image_id = ? ORDER BY position")) {
            p.setString(1, imageId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    layers.add(new ImageLayer(Digest.parse(r.getString("chain_id")), r.getString("media_type"),
                            new LayerDigests(Digest.parse(r.getString("digest")), r.getLong("size"),
                                    Digest.parse(r.getString("diff_id")), r.getLong("diff_size")),
                            r.getLong("unpacked_size")));
                }
            }
        }
        return layers;
    }

    /** Removes the image's row and layer rows; its references must be gone already. */
    public synchronized void deleteImage(Digest id) {
        transaction("delete image " + id, () -> {
            try (PreparedStatement p = db.prepareStatement("DELETE FROM images WHERE id = ?")) {
                p.setString(1, id.toString());
                p.executeUpdate();
            }
            return null;
        });
    }

    /** Points {@code ref} at {@code imageId} and returns the image it named before, if another. */
    public synchronized Optional<Digest> setRef(Reference ref, Digest imageId) {
        return transaction("tag " + ref, () -> {
            Optional<Digest> before = resolve(ref);
            try (PreparedStatement p = db.prepareStatement("INSERT OR REPLACE INTO refs VALUES(?,?,?)")) {
                p.setString(1, ref.toString());
                p.setString(2, imageId.toString());
                p.setLong(3, nanos(Instant.now()));
                p.executeUpdate();
            }
            return before.filter(b -> !b.equals(imageId));
        });
    }

    /** Removes {@code ref}; false when there was no such reference. */
    public synchronized boolean removeRef(Reference ref) {
        return transaction("untag " + ref, () -> {
            try (PreparedStatement p = db.prepareStatement("DELETE FROM refs WHERE name = ?")) {
                p.setString(1, ref.toString());
                return p.executeUpdate() > 0;
            }
        });
    }

    public synchronized Optional<Digest> resolve(Reference ref) {
        return query("resolve " + ref, () -> {
            try (PreparedStatement p = db.prepareStatement("SELECT image_id FROM refs WHERE name = ?")) {
                p.setString(1, ref.toString());
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(Digest.parse(r.getString(1))) : Optional.empty();
                }
            }
        });
    }

    /** Every reference, in name order. */
    public synchronized List<ImageRef> refs() {
        return query("list references", () -> {
            List<ImageRef> refs = new ArrayList<>();
            try (Statement s = db.createStatement();
                    ResultSet r = s.executeQuery("SELECT * FROM refs ORDER BY name")) {
                while (r.next()) {
                    refs.add(new ImageRef(Reference.parse(r.getString("name")), Digest.parse(r.getString("image_id")),
                            instant(r.getLong("tagged"))));
                }
            }
            return refs;
        });
    }

    /** Records that the directory of layer {@code chainId} is complete. */
    /**
     * Records an unpacked layer. Its commit is not synced on its own: the commit that records an image using the
     * layer syncs the write-ahead log up to and including it, and a record lost before that (a power cut; a killed
     * daemon loses nothing) only leaves an unrecorded layer directory, which {@link LayerStore#recover} removes.
     */
    public synchronized void putLayer(UnpackedLayer layer) {
        Digest chainId = layer.chainId();
        unsynced("record layer " + chainId, () -> {
            try (PreparedStatement p = db.prepareStatement("INSERT OR IGNORE INTO layers VALUES(?,?,?,?)")) {
                p.setString(1, chainId.toString());
                p.setString(2, layer.diffId().toString());
                p.setLong(3, layer.diffSize());
                p.setLong(4, layer.size());
                p.executeUpdate();
            }
            return null;
        });
    }

    public synchronized boolean hasLayer(Digest chainId) {
        return query("find layer " + chainId, () -> {
            try (PreparedStatement p = db.prepareStatement("SELECT 1 FROM layers WHERE chain_id = ?")) {
                p.setString(1, chainId.toString());
                try (ResultSet r = p.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    /** A recorded layer. */
    public synchronized Optional<UnpackedLayer> layer(Digest chainId) {
        return query("find layer " + chainId, () -> {
            try (PreparedStatement p = db.prepareStatement("SELECT * FROM layers WHERE chain_id = ?")) {
                p.setString(1, chainId.toString());
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(new UnpackedLayer(chainId, Digest.parse(r.getString("diff_id")),
                            r.getLong("diff_size"), r.getLong("size"))) : Optional.empty();
                }
            }
        });
    }

    /** Every recorded layer directory. */
    public synchronized Set<Digest> layerIds() {
        return query("list layers", () -> digests("SELECT chain_id FROM layers"));
    }

    /** Layers no image uses any more: their directories can go. */
    public synchronized Set<Digest> unusedLayers() {
        return query("list unused layers", () -> digests(
                "SELECT chain_id FROM layers WHERE chain_id NOT IN (SELECT chain_id FROM image_layers)"));
    }

    /** Blobs some image needs: configs, manifests and layer blobs. */
    public synchronized Set<Digest> usedBlobs() {
        return query("list used blobs", () -> {
            Set<Digest> used = digests("SELECT id FROM images");
            used.addAll(digests("SELECT manifest FROM images WHERE manifest IS NOT NULL"));
            used.addAll(digests("SELECT digest FROM image_layers"));
            return used;
        });
    }

    public synchronized void deleteLayer(Digest chainId) {
        transaction("forget layer " + chainId, () -> {
            try (PreparedStatement p = db.prepareStatement("DELETE FROM layers WHERE chain_id = ?")) {
                p.setString(1, chainId.toString());
                p.executeUpdate();
            }
            return null;
        });
    }

    /** Remembers where blobs are (a repeat is a no-op), in one transaction. */
    public synchronized void putBlobSources(List<BlobSource> sources) {
        if (sources.isEmpty()) {
            return;
        }
        transaction("record blob sources", () -> {
            try (PreparedStatement p = db.prepareStatement("INSERT OR IGNORE INTO blob_sources VALUES(?,?,?,?,?,?)")) {
                for (BlobSource b : sources) {
                    p.setString(1, b.diffId().toString());
                    p.setString(2, b.blob().digest().toString());
                    p.setString(3, b.blob().mediaType());
                    p.setLong(4, b.blob().size());
                    p.setString(5, b.registry());
                    p.setString(6, b.repository());
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    /** Where the blobs of the layer with {@code diffId} are known to be, on {@code registry}. */
    public synchronized List<BlobSource> blobSources(Digest diffId, String registry) {
        return query("find blob sources of " + diffId, () -> {
            List<BlobSource> out = new ArrayList<>();
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT * FROM blob_sources WHERE diff_id = ? AND registry = ? ORDER BY rowid")) {
                p.setString(1, diffId.toString());
                p.setString(2, registry);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new BlobSource(diffId, Descriptor.of(r.getString("media_type"),
                                Digest.parse(r.getString("digest")), r.getLong("size")), registry,
                                r.getString("repository")));
                    }
                }
            }
            return out;
        });
    }

    private Set<Digest> digests(String sql) throws SQLException {
        Set<Digest> out = new HashSet<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.add(Digest.parse(r.getString(1)));
            }
        }
        return out;
    }

    private <T> T query(String action, Work<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw failure(action, e);
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static BerthException failure(String action, SQLException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        boolean full = detail.contains("SQLITE_FULL") || detail.contains("disk is full");
        return new BerthException(full ? ErrorKind.UNAVAILABLE : ErrorKind.INTERNAL, action + ": " + detail, e);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw failure("close image database", e);
        }
    }
}
