package dev.berth.registry.storage;

import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.content.IngestStatus;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.registry.api.ErrorCode;
import dev.berth.registry.api.RegistryException;
import dev.berth.registry.api.RepositoryName;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blob upload sessions. An upload is an ingest of the content store (ref {@code upload-<uuid>}, so its bytes survive
 * a restart and are never visible as a blob before commit) plus a marker {@code _uploads/<uuid>} in its repository.
 *
 * <p>Lifecycle: {@link #start} → any number of {@link #acquire} … {@link #release} (each request appends) →
 * {@link #commit} (verify digest and size, link the blob into the repository) or {@link #cancel}. Between requests
 * the writer stays open in memory, so an upload in several requests is digested once; after a restart, or after
 * {@link #closeIdle}, the next request resumes the ingest (re-digesting what is on disk).
 */
public final class UploadStore {
    private static final String REF_PREFIX = "upload-";

    private final StorageDriver driver;
    private final ContentStore content;
    private final BlobLinks links;
    private final Map<UUID, UploadSession> idle = new ConcurrentHashMap<>();

    UploadStore(StorageDriver driver, ContentStore content, BlobLinks links) {
        this.driver = driver;
        this.content = content;
        this.links = links;
    }

    /** Opens a new, empty upload in {@code name}; the caller releases, commits or cancels it. */
    public UploadSession start(RepositoryName name) {
        UUID id = UUID.randomUUID();
        driver.write(new StoragePath.Upload(name, id).path(),
                Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        return new UploadSession(name, id, content.writer(ref(id), Optional.empty(), OptionalLong.empty()));
    }

    /** Borrows upload {@code id} of {@code name} for one request; {@code BLOB_UPLOAD_UNKNOWN} when there is none. */
    public UploadSession acquire(RepositoryName name, String id) {
        UUID uuid = parse(id);
        if (!driver.exists(new StoragePath.Upload(name, uuid).path())) {
            throw unknown(id);
        }
        UploadSession held = idle.remove(uuid);
        if (held != null && held.isOpen()) {
            return held;
        }
        if (content.status(ref(uuid)).isEmpty()) {
            throw unknown(id);
        }
        try {
            return new UploadSession(name, uuid, content.writer(ref(uuid), Optional.empty(), OptionalLong.empty()));
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.CONFLICT) {
                throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "upload " + id
                        + " is in use by another request", e);
            }
            throw e;
        }
    }

    /** Returns a borrowed session; its bytes stay for the next request. */
    public void release(UploadSession session) {
        if (session.isOpen()) {
            session.touch();
            idle.put(session.id(), session);
        }
    }

    /** The bytes an upload holds, without borrowing it. */
    public long offset(RepositoryName name, String id) {
        UUID uuid = parse(id);
        if (!driver.exists(new StoragePath.Upload(name, uuid).path())) {
            throw unknown(id);
        }
        UploadSession held = idle.get(uuid);
        if (held != null && held.isOpen()) {
            return held.offset();
        }
        return content.status(ref(uuid)).map(IngestStatus::offset).orElseThrow(() -> unknown(id));
    }

    /**
     * Verifies that the upload is exactly {@code digest} and makes it a blob of its repository. A mismatch discards
     * the upload ({@code DIGEST_INVALID}).
     */
    public BlobInfo commit(UploadSession session, Digest digest) {
        BlobInfo info;
        try {
            info = session.writer().commit(digest, session.offset());
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.DATA_CORRUPTED || e.kind() == ErrorKind.INVALID_ARGUMENT) {
                forgetMarker(session);
                session.writer().abort();
                throw new RegistryException(ErrorCode.DIGEST_INVALID, "upload " + session.id() + ": " + e.getMessage(),
                        e);
            }
            throw e;
        }
        links.link(session.name(), digest);
        forgetMarker(session);
        return info;
    }

    /** Discards an upload borrowed or not. */
    public void cancel(RepositoryName name, String id) {
        UUID uuid = parse(id);
        String marker = new StoragePath.Upload(name, uuid).path();
        if (!driver.exists(marker)) {
            throw unknown(id);
        }
        UploadSession held = idle.remove(uuid);
        if (held != null) {
            held.writer().abort();
        } else {
            try {
                content.abort(ref(uuid));
            } catch (BerthException e) {
                if (e.kind() == ErrorKind.CONFLICT) {
                    throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "upload " + id
                            + " is in use by another request", e);
                }
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        driver.delete(marker);
    }

    /** Discards a session the caller holds (a failed monolithic upload). */
    public void discard(UploadSession session) {
        session.writer().abort();
        forgetMarker(session);
    }

    /** Closes writers idle for {@code age}, keeping their bytes; returns how many. */
    public int closeIdle(Duration age) {
        int closed = 0;
        for (UploadSession s : idle.values()) {
            if (s.idleNanos() >= age.toNanos() && idle.remove(s.id(), s)) {
                s.writer().close();
                closed++;
            }
        }
        return closed;
    }

    /** Uploads in progress in this process (open between requests or borrowed). */
    public int heldCount() {
        return idle.size();
    }

    /** The upload sessions of {@code name} that have a marker, for listings and collection. */
    public List<String> list(RepositoryName name) {
        return driver.list(new StoragePath.Uploads(name).path());
    }

    /** Closes every held writer, keeping the bytes for a later process. */
    public void closeAll() {
        for (UUID id : List.copyOf(idle.keySet())) {
            UploadSession s = idle.remove(id);
            if (s != null) {
                s.writer().close();
            }
        }
    }

    /** The ingest ref of upload {@code id} in the content store. */
    public static String ref(UUID id) {
        return REF_PREFIX + id;
    }

    private void forgetMarker(UploadSession session) {
        idle.remove(session.id());
        driver.delete(new StoragePath.Upload(session.name(), session.id()).path());
    }

    private static UUID parse(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            if (uuid.toString().equals(id)) {
                return uuid;
            }
        } catch (IllegalArgumentException e) {
            // not one of ours
        }
        throw unknown(id);
    }

    private static RegistryException unknown(String id) {
        return new RegistryException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload " + abbreviate(id) + " not found");
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
