package dev.berth.engine.build;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.Digester;
import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * The checksum of copied files that keys the cache of COPY and ADD, as docker's classic builder shows it in history
 * ({@code file:<hex>}, {@code dir:<hex>}, {@code multi:<hex>}): names, types, permissions, link targets and contents,
 * not times or owners, so a touched but unchanged file still hits the cache.
 */
final class SourceHash {
    private SourceHash() {}

    static String of(List<Path> sources) {
        if (sources.size() == 1) {
            Path p = sources.getFirst();
            return (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir:" : "file:") + hash(p).encoded();
        }
        Digester d = Digester.sha256();
        for (Path p : sources) {
            byte[] b = (hash(p) + "\n").getBytes(StandardCharsets.UTF_8);
            d.update(b, 0, b.length);
        }
        return "multi:" + d.digest().encoded();
    }

    static String ofContent(byte[] content) {
        return "file:" + Digest.sha256(content).encoded();
    }

    private static Digest hash(Path root) {
        Digester d = Digester.sha256();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted().toList()) {
                String rel = root.relativize(p).toString();
                String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                String line;
                if (Files.isSymbolicLink(p)) {
                    line = "l " + rel + " " + Files.readSymbolicLink(p);
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    line = "d " + rel + " " + perms;
                } else {
                    line = "f " + rel + " " + perms + " " + Files.size(p) + " " + contentHash(p);
                }
                byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
                d.update(b, 0, b.length);
            }
        } catch (IOException e) {
            throw BerthException.io("checksum " + root, e);
        }
        return d.digest();
    }

    private static String contentHash(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return "special";
        }
        Digester d = Digester.sha256();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        return d.digest().encoded();
    }
}
