package dev.berth.registry.handler;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.ManifestDocument;
import dev.berth.oci.spec.MediaTypes;
import dev.berth.oci.spec.Raw;
import dev.berth.registry.api.ErrorCode;
import dev.berth.registry.api.ManifestReference;
import dev.berth.registry.api.RegistryException;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.api.Tag;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.storage.RegistryStorage;
import dev.berth.registry.storage.StoredManifest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code /v2/<name>/manifests/<reference>} (OCI distribution spec, "Pulling manifests", "Pushing Manifests",
 * "Deleting Manifests"). A pushed manifest must parse for its media type, be at most {@link #MAX_BYTES}, match the
 * digest it is pushed by, and reference only blobs (and, for an index, manifests) of the same repository; its bytes
 * are kept and served exactly as received.
 */
final class ManifestHandler {
    static final int MAX_BYTES = 4 << 20;

    private final RegistryStorage storage;
    private final boolean deleteEnabled;

    ManifestHandler(RegistryStorage storage, boolean deleteEnabled) {
        this.storage = storage;
        this.deleteEnabled = deleteEnabled;
    }

    void get(Exchange ex, RepositoryName name, String reference) {
        Digest digest = resolve(name, ManifestReference.parse(reference));
        send(ex, storage.manifests().get(name, digest).orElseThrow(() -> unknown(name, reference)));
    }

    /** Answers from memory only; false when the tag or the manifest is not cached. */
    boolean getCached(Exchange ex, RepositoryName name, String reference) {
        Optional<Digest> digest = switch (ManifestReference.parse(reference)) {
            case ManifestReference.ByDigest d -> Optional.of(d.digest());
            case ManifestReference.ByTag t -> storage.tags().cached(name, t.tag());
        };
        Optional<StoredManifest> m = digest.flatMap(d -> storage.manifests().cached(name, d));
        m.ifPresent(found -> send(ex, found));
        return m.isPresent();
    }

    private static void send(Exchange ex, StoredManifest m) {
        HttpHeaders h = new DefaultHttpHeaders();
        h.set(HttpHeaderNames.CONTENT_TYPE, m.mediaType());
        h.set("Docker-Content-Digest", m.digest().toString());
        h.set(HttpHeaderNames.ETAG, "\"" + m.digest() + "\"");
        ex.send(HttpResponseStatus.OK, h, m.bytes());
    }

    void put(Exchange ex, RepositoryName name, String reference) throws IOException {
        ManifestReference ref = ManifestReference.parse(reference);
        long declared = ex.header(HttpHeaderNames.CONTENT_LENGTH).map(ManifestHandler::parseLength).orElse(0L);
        if (declared > MAX_BYTES) {
            if (declared <= 2L * MAX_BYTES) {
                // Read a near miss to its end before the 413: closing mid-body makes clients lose the answer.
                ex.body().readAll(2 * MAX_BYTES, ErrorCode.MANIFEST_TOO_LARGE);
            }
            throw tooLarge(declared);
        }
        byte[] bytes = ex.body().readAll(MAX_BYTES, ErrorCode.MANIFEST_TOO_LARGE);
        DigestAlgorithm algorithm = ref instanceof ManifestReference.ByDigest d ? d.digest().algorithm()
                : DigestAlgorithm.SHA256;
        Raw<ManifestDocument> raw;
        try {
            raw = Raw.manifest(bytes, ex.header(HttpHeaderNames.CONTENT_TYPE), algorithm);
        } catch (BerthException e) {
            throw new RegistryException(ErrorCode.MANIFEST_INVALID, e.getMessage(), e);
        }
        if (ref instanceof ManifestReference.ByDigest d && !d.digest().equals(raw.digest())) {
            throw new RegistryException(ErrorCode.DIGEST_INVALID, "manifest digest " + raw.digest()
                    + " does not match " + d.digest());
        }
        checkReferences(name, raw.value());
        storage.manifests().put(name, raw, ref instanceof ManifestReference.ByTag t ? Optional.of(t.tag())
                : Optional.empty());
        HttpHeaders h = new DefaultHttpHeaders();
        h.set(HttpHeaderNames.LOCATION, "/v2/" + name + "/manifests/" + raw.digest());
        h.set("Docker-Content-Digest", raw.digest().toString());
        raw.value().subject().ifPresent(s -> h.set("OCI-Subject", s.digest().toString()));
        ex.sendEmpty(HttpResponseStatus.CREATED, h, 0);
    }

    void delete(Exchange ex, RepositoryName name, String reference) {
        ApiRouter.requireDelete(deleteEnabled);
        switch (ManifestReference.parse(reference)) {
            case ManifestReference.ByTag t -> {
                if (!storage.tags().untag(name, t.tag())) {
                    throw unknown(name, reference);
                }
            }
            case ManifestReference.ByDigest d -> {
                if (!storage.manifests().exists(name, d.digest())) {
                    throw unknown(name, reference);
                }
                for (Tag tag : storage.tags().tagsOf(name, d.digest())) {
                    storage.tags().untag(name, tag);
                }
                storage.manifests().delete(name, d.digest());
            }
        }
        ex.sendEmpty(HttpResponseStatus.ACCEPTED, new DefaultHttpHeaders(), 0);
    }

    private Digest resolve(RepositoryName name, ManifestReference ref) {
        return switch (ref) {
            case ManifestReference.ByDigest d -> d.digest();
            case ManifestReference.ByTag t -> storage.tags().resolve(name, t.tag())
                    .orElseThrow(() -> unknown(name, t.toString()));
        };
    }

    /** Config and layers of a manifest, children of an index, must be in this repository already. */
    private void checkReferences(RepositoryName name, ManifestDocument doc) {
        switch (doc) {
            case Manifest m -> {
                requireBlob(name, m.config());
                for (Descriptor layer : m.layers()) {
                    boolean foreign = MediaTypes.isNonDistributable(layer.mediaType()) && !layer.urls().isEmpty();
                    if (!foreign) {
                        requireBlob(name, layer);
                    }
                }
            }
            case Index i -> {
                for (Descriptor child : i.manifests()) {
                    if (!storage.manifests().exists(name, child.digest())
                            && storage.blobs().stat(name, child.digest()).isEmpty()) {
                        throw new RegistryException(ErrorCode.MANIFEST_BLOB_UNKNOWN, "manifest " + child.digest()
                                + " is not in repository " + name);
                    }
                }
            }
        }
    }

    private void requireBlob(RepositoryName name, Descriptor d) {
        Optional<dev.berth.oci.content.BlobInfo> blob = storage.blobs().stat(name, d.digest());
        if (blob.isEmpty()) {
            throw new RegistryException(ErrorCode.MANIFEST_BLOB_UNKNOWN, "blob " + d.digest()
                    + " is not in repository " + name);
        }
        if (blob.get().size() != d.size()) {
            throw new RegistryException(ErrorCode.MANIFEST_INVALID, "blob " + d.digest() + " has "
                    + blob.get().size() + " bytes, the manifest says " + d.size());
        }
    }

    private static long parseLength(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new RegistryException(ErrorCode.SIZE_INVALID, "Content-Length " + text + " is not a number");
        }
    }

    private static RegistryException tooLarge(long size) {
        return new RegistryException(ErrorCode.MANIFEST_TOO_LARGE, "manifest of " + size + " bytes exceeds the "
                + MAX_BYTES + "-byte limit");
    }

    private static RegistryException unknown(RepositoryName name, String reference) {
        return new RegistryException(ErrorCode.MANIFEST_UNKNOWN, "manifest " + name + ":" + reference + " not found");
    }
}
