package dev.berth.registry.testing;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.ManifestDocument;
import dev.berth.oci.spec.MediaTypes;
import dev.berth.oci.spec.Platform;
import dev.berth.oci.spec.Raw;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.api.Tag;
import dev.berth.registry.storage.RegistryStorage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Pushes small images straight into a {@link RegistryStorage}, as the push endpoints would. */
public record StorageImages(RegistryStorage storage) {
    /** A blob pushed into {@code repo}. */
    public Descriptor blob(RepositoryName repo, String content, String mediaType) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Digest d = storage.content().put(bytes);
        storage.blobs().link(repo, d);
        return Descriptor.of(mediaType, d, bytes.length);
    }

    public Descriptor layer(RepositoryName repo, String content) {
        return blob(repo, content, MediaTypes.OCI_LAYER_GZIP);
    }

    /** An image manifest with a config of its own and {@code layers}, pushed by digest. */
    public Descriptor image(RepositoryName repo, String name, Descriptor... layers) {
        Descriptor config = blob(repo, "{\"architecture\":\"amd64\",\"os\":\"linux\",\"name\":\"" + name + "\"}",
                MediaTypes.OCI_CONFIG);
        return manifest(repo, Manifest.of(config, List.of(layers)));
    }

    /** An artifact whose subject is {@code subject}. */
    public Descriptor referrer(RepositoryName repo, String name, Descriptor subject) {
        Descriptor config = blob(repo, "{}", MediaTypes.OCI_EMPTY);
        Descriptor payload = blob(repo, "signature of " + subject.digest() + " " + name, "application/vnd.test.sig");
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                + "\"artifactType\":\"application/vnd.test.sig\",\"config\":" + descriptor(config)
                + ",\"layers\":[" + descriptor(payload) + "],\"subject\":" + descriptor(subject) + "}";
        Raw<ManifestDocument> raw = Raw.manifest(json.getBytes(StandardCharsets.UTF_8),
                Optional.of(MediaTypes.OCI_MANIFEST));
        storage.manifests().put(repo, raw);
        return raw.descriptor();
    }

    private static String descriptor(Descriptor d) {
        return "{\"mediaType\":\"" + d.mediaType() + "\",\"digest\":\"" + d.digest() + "\",\"size\":" + d.size()
                + "}";
    }

    public Descriptor index(RepositoryName repo, Descriptor... manifests) {
        List<Descriptor> children = new ArrayList<>();
        String[] arches = {"amd64", "arm64", "s390x", "ppc64le"};
        for (int i = 0; i < manifests.length; i++) {
            children.add(manifests[i].withPlatform(Platform.of("linux", arches[i % arches.length], Optional.empty())));
        }
        return manifest(repo, Index.of(children));
    }

    /** An image pushed by tag, as {@code PUT /v2/<repo>/manifests/<tag>} does. */
    public Descriptor taggedImage(RepositoryName repo, String tag, Descriptor... layers) {
        Descriptor config = blob(repo, "{\"architecture\":\"amd64\",\"os\":\"linux\",\"name\":\"" + tag + "\"}",
                MediaTypes.OCI_CONFIG);
        Raw<ManifestDocument> raw = Raw.of(Manifest.of(config, List.of(layers)));
        storage.manifests().put(repo, raw, Optional.of(new Tag(tag)));
        return raw.descriptor();
    }

    private Descriptor manifest(RepositoryName repo, ManifestDocument doc) {
        Raw<ManifestDocument> raw = Raw.of(doc);
        storage.manifests().put(repo, raw);
        return raw.descriptor();
    }

    public void tag(RepositoryName repo, String tag, Descriptor manifest) {
        storage.tags().tag(repo, new Tag(tag), manifest.digest());
    }

    public void untag(RepositoryName repo, String tag) {
        storage.tags().untag(repo, new Tag(tag));
    }
}
