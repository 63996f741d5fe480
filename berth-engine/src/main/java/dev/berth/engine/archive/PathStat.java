package dev.berth.engine.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * What {@code HEAD}/{@code GET /containers/{id}/archive} tell of a path in the {@code X-Docker-Container-Path-Stat}
 * header (Docker's {@code container.PathStat}): base name, size, mode as Go's {@code os.FileMode} (type bits above
 * the permission bits), modification time, and where a symlink points inside the container.
 */
public record PathStat(String name, long size, long mode, Instant mtime, String linkTarget) {
    public static final String HEADER = "X-Docker-Container-Path-Stat";
    private static final long MODE_DIR = 1L << 31;
    private static final long MODE_SYMLINK = 1L << 27;
    private static final long MODE_DEVICE = 1L << 26;
    private static final long MODE_PIPE = 1L << 25;
    private static final long MODE_SOCKET = 1L << 24;
    private static final long MODE_CHAR = 1L << 21;

    public PathStat {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mtime, "mtime");
        Objects.requireNonNull(linkTarget, "linkTarget");
    }

    /** The stat of {@code host} (not following a last symlink), named {@code name}. */
    static PathStat of(Path host, String name, String linkTarget) throws IOException {
        PosixFileAttributes a = Files.readAttributes(host, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        long mode = 0;
        for (PosixFilePermission p : a.permissions()) {
            mode |= 1L << (8 - p.ordinal());
        }
        int raw = (Integer) Files.getAttribute(host, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        mode |= (raw & 07000) == 0 ? 0 : goSpecialBits(raw);
        if (a.isDirectory()) {
            mode |= MODE_DIR;
        } else if (a.isSymbolicLink()) {
            mode |= MODE_SYMLINK;
        } else if (a.isOther()) {
            int type = raw & 0170000;
            mode |= switch (type) {
                case 0020000 -> MODE_DEVICE | MODE_CHAR;
                case 0060000 -> MODE_DEVICE;
                case 0010000 -> MODE_PIPE;
                case 0140000 -> MODE_SOCKET;
                default -> 0;
            };
        }
        return new PathStat(name, a.size(), mode, a.lastModifiedTime().toInstant(), linkTarget);
    }

    /** Go's setuid (1<<23), setgid (1<<22) and sticky (1<<20) bits for the Unix ones. */
    private static long goSpecialBits(int raw) {
        long bits = 0;
        if ((raw & 04000) != 0) {
            bits |= 1L << 23;
        }
        if ((raw & 02000) != 0) {
            bits |= 1L << 22;
        }
        if ((raw & 01000) != 0) {
            bits |= 1L << 20;
        }
        return bits;
    }

    public ObjectNode toJson() {
        ObjectNode n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        n.put("name", name);
        n.put("size", size);
        n.put("mode", mode);
        n.put("mtime", mtime.toString());
        n.put("linkTarget", linkTarget);
        return n;
    }

    /** The header's value: the JSON, base64 (standard alphabet, as Go's {@code base64.StdEncoding}). */
    public String headerValue() {
        try {
            return Base64.getEncoder().encodeToString(Json.MAPPER.writeValueAsString(toJson())
                    .getBytes(StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("path stat JSON", e);
        }
    }
}
