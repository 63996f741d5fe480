package dev.berth.oci.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The test images of {@code scripts/make-test-images.sh}, built once per JVM (and kept between runs: the script
 * skips images already built) for any test of any module that needs them:
 * {@code TestImages.layout("busybox")}. Built under {@code $BERTH_TEST_IMAGES}, else {@code target/test-images} at
 * the repository root. The script needs root; elsewhere the calling test is skipped.
 */
public final class TestImages {
    public static final List<String> NAMES = List.of("hello-world", "busybox", "busybox-multiarch", "multi-layer");

    private static Path built;

    private TestImages() {}

    /** The OCI layout directory of test image {@code name}, each tagged {@code latest}. */
    public static Path layout(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("no test image " + name + "; there are " + NAMES);
        }
        return directory().resolve(name);
    }

    /** The directory holding every test image's layout. */
    public static synchronized Path directory() {
        if (built == null) {
            built = build();
        }
        return built;
    }

    private static Path build() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "the test images are built as root (device nodes, trusted.* xattrs)");
        Path root = repositoryRoot();
        String configured = System.getenv("BERTH_TEST_IMAGES");
        Path out = configured != null && !configured.isBlank()
                ? Path.of(configured).toAbsolutePath() : root.resolve("target/test-images");
        try {
            Files.createDirectories(out);
            Path log = out.resolve("build.log");
            ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("scripts/make-test-images.sh").toString(),
                    out.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("BERTH_OCI_CLASSPATH", classPath());
            Process p = pb.start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("make-test-images.sh timed out; see " + log);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("make-test-images.sh failed (exit " + p.exitValue() + "):\n"
                        + Files.readString(log));
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("build test images into " + out, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted building test images", e);
        }
    }

    /** The test JVM's class path: surefire runs tests from a manifest-only jar, but says the real path here. */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/make-test-images.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no scripts/make-test-images.sh above " + Path.of("").toAbsolutePath());
    }
}
