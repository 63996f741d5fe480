package dev.berth.registry.storage;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.Json;
import dev.berth.registry.api.RepositoryName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The referrers of each subject (OCI distribution spec v1.1, "Listing Referrers"): when a manifest with a
 * {@code subject} is pushed, its descriptor (media type, artifact type, annotations) is kept under
 * {@code _referrers/<subject>/<manifest>}, so listing never reads the manifests themselves.
 */
public final class ReferrerIndex {
    private final StorageDriver driver;

    ReferrerIndex(StorageDriver driver) {
        this.driver = driver;
    }

    void add(RepositoryName name, Digest subject, Descriptor referrer) {
        driver.write(new StoragePath.Referrer(name, subject, referrer.digest()).path(), Json.bytes(referrer.toJson()));
    }

    void remove(RepositoryName name, Digest subject, Digest referrer) {
        driver.delete(new StoragePath.Referrer(name, subject, referrer).path());
    }

    /** The descriptors of the manifests whose subject is {@code subject}, by digest. */
    public List<Descriptor> list(RepositoryName name, Digest subject) {
        String dir = new StoragePath.Referrers(name, subject).path();
        List<Descriptor> out = new ArrayList<>();
        for (Digest d : Links.digestsUnder(driver, dir)) {
            Optional<byte[]> json = driver.read(new StoragePath.Referrer(name, subject, d).path());
            json.ifPresent(bytes -> out.add(Descriptor.fromJson(Json.object(bytes, "referrer " + d), "referrer")));
        }
        return out;
    }
}
