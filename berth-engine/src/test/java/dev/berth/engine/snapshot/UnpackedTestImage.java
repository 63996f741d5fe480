package dev.berth.engine.snapshot;

import dev.berth.oci.content.LocalContentStore;
import dev.berth.oci.layout.OciLayout;
import dev.berth.oci.layout.TestImages;
import dev.berth.oci.spec.ContainerConfig;
import dev.berth.oci.spec.ImageConfig;
import dev.berth.oci.spec.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A test image (TestImages) unpacked by {@link TestLayerStore} into {@code target/test-layers}, kept between runs: the
 * store skips layers it holds already, so each is unpacked once per build directory.
 */
public record UnpackedTestImage(String name, ImageConfig config, List<Path> lowers) {
    private static final Path LAYERS = Path.of("target/test-layers").toAbsolutePath();

    public static synchronized UnpackedTestImage of(String name) {
        OciLayout layout = OciLayout.open(TestImages.layout(name));
        LocalContentStore blobs = layout.blobs();
        var manifestDescriptor = layout.resolve("latest").orElseThrow();
        Manifest manifest = Manifest.parse(read(blobs, manifestDescriptor.digest()),
                Optional.of(manifestDescriptor.mediaType()));
        ImageConfig config = ImageConfig.parse(read(blobs, manifest.config().digest()));
        List<Path> lowers = TestLayerStore.open(LAYERS).unpack(manifest.layers(), config.diffIds(), blobs);
        return new UnpackedTestImage(name, config, lowers);
    }

    public ContainerConfig containerConfig() {
        return config.configOrEmpty();
    }

    private static byte[] read(LocalContentStore blobs, dev.berth.oci.digest.Digest digest) {
        try (InputStream in = blobs.newInputStream(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
