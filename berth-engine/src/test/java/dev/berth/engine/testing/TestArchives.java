package dev.berth.engine.testing;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.layout.DockerArchive;
import dev.berth.oci.layout.OciLayout;
import dev.berth.oci.layout.TestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code docker save} tars (docker 20.10's legacy format) of the single-platform test images, written once per test
 * JVM from their OCI layouts, tagged {@code NAME:latest}.
 */
public final class TestArchives {
    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

    private TestArchives() {}

    public static Path of(String name) {
        return BUILT.computeIfAbsent(name, TestArchives::write);
    }

    private static Path write(String name) {
        try {
            OciLayout layout = OciLayout.open(TestImages.layout(name));
            Digest manifest = layout.resolve("latest").orElseThrow().digest();
            DockerArchive.Image image = DockerArchive.imageOf(layout.blobs(), manifest, List.of(name + ":latest"));
            Path tar = Files.createTempFile("berth-test-" + name + "-", ".tar");
            tar.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(tar)) {
                DockerArchive.write(out, List.of(image), layout.blobs(), DockerArchive.Format.LEGACY);
            }
            return tar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
