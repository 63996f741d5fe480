package dev.berth.registry.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, headless, as a person's browser: loads a page and returns the DOM it built. Runs as root
 * (no sandbox), with a fresh profile and nothing that would reach beyond the page's loopback address.
 */
public final class Chromium {
    private Chromium() {}

    /** The serialised DOM of {@code url} after it loaded. */
    public static String dumpDom(URI url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("berth-chromium-");
        Path log = profile.resolve("stderr.log");
        Process p = new ProcessBuilder(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile.resolve("profile"), "--dump-dom", url.toString()))
                .redirectError(log.toFile())
                .start();
        try {
            byte[] dom = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("chromium --dump-dom " + url + " failed: " + Files.readString(log));
            }
            return new String(dom, StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly().waitFor();
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
