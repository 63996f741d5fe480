package dev.berth.oci.layer;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Builds file trees with every attribute a layer carries, and describes them for comparison in tests. */
final class LayerTestTree {
    private final Path root;

    private LayerTestTree(Path root) {
        this.root = root;
    }

    static LayerTestTree at(Path root) throws IOException {
        Files.createDirectories(root);
        return new LayerTestTree(root);
    }

    Path root() {
        return root;
    }

    Path path(String rel) {
        return root.resolve(rel);
    }

    LayerTestTree dir(String rel) throws IOException {
        Files.createDirectories(path(rel));
        return this;
    }

    LayerTestTree file(String rel, String content) throws IOException {
        return file(rel, content.getBytes(StandardCharsets.UTF_8));
    }

    LayerTestTree file(String rel, byte[] content) throws IOException {
        Files.createDirectories(path(rel).getParent());
        Files.write(path(rel), content);
        return this;
    }

    LayerTestTree symlink(String rel, String target) throws IOException {
        Files.createDirectories(path(rel).getParent());
        Files.createSymbolicLink(path(rel), Path.of(target));
        return this;
    }

    LayerTestTree hardLink(String rel, String existing) throws IOException {
        Files.createDirectories(path(rel).getParent());
        Files.createLink(path(rel), path(existing));
        return this;
    }

    LayerTestTree fifo(String rel) throws IOException {
        Syscalls.mknod(path(rel), Syscalls.S_IFIFO, 0644, 0);
        return this;
    }

    LayerTestTree charDevice(String rel, int major, int minor) throws IOException {
        Syscalls.mknod(path(rel), Syscalls.S_IFCHR, 0600, Syscalls.makedev(major, minor));
        return this;
    }

    LayerTestTree blockDevice(String rel, int major, int minor) throws IOException {
        Syscalls.mknod(path(rel), Syscalls.S_IFBLK, 0660, Syscalls.makedev(major, minor));
        return this;
    }

    LayerTestTree mode(String rel, int mode) throws IOException {
        Syscalls.chmod(path(rel), mode);
        return this;
    }

    LayerTestTree owner(String rel, int uid, int gid) throws IOException {
        Syscalls.lchown(path(rel), uid, gid);
        return this;
    }

    LayerTestTree xattr(String rel, String name, byte[] value) throws IOException {
        Syscalls.lsetxattr(path(rel), name, value);
        return this;
    }

    LayerTestTree mtime(String rel, long epochNanos) throws IOException {
        Syscalls.lutimes(path(rel), epochNanos, epochNanos);
        return this;
    }

    /** Sets every mtime under the root, deepest first so that directories keep theirs. */
    LayerTestTree mtimeAll(long epochNanos) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = new ArrayList<>(s.filter(p -> !p.equals(root)).toList());
        }
        all.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
        for (Path p : all) {
            Syscalls.lutimes(p, epochNanos, epochNanos);
        }
        return this;
    }

    /** Sets {@code epochNanos} on the directories not in {@code keep}, deepest first. */
    LayerTestTree mtimeAllDirectoriesWithout(Set<String> keep, long epochNanos) throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(root)) {
            dirs = new ArrayList<>(s.filter(p -> !p.equals(root) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !keep.contains(root.relativize(p).toString())).toList());
        }
        dirs.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
        for (Path d : dirs) {
            Syscalls.lutimes(d, epochNanos, epochNanos);
        }
        return this;
    }

    /**
     * One line per path below {@code root}: type, mode, owner, mtime, content digest, link target, device number,
     * xattrs, and for hard links the first path of the inode. Equal maps mean equal trees.
     */
    static SortedMap<String, String> describe(Path root) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.filter(p -> !p.equals(root)).sorted().toList();
        }
        Map<String, String> firstOfInode = new HashMap<>();
        SortedMap<String, String> lines = new TreeMap<>();
        for (Path p : all) {
            FileMeta m = FileMeta.read(p);
            String rel = root.relativize(p).toString();
            StringBuilder line = new StringBuilder()
                    .append(m.kind()).append(' ')
                    .append(String.format("%04o", m.permissions())).append(' ')
                    .append(m.uid()).append(':').append(m.gid())
                    .append(" mtime=").append(m.mtime());
            switch (m.kind()) {
                case REGULAR -> line.append(" size=").append(m.size()).append(" sha256=").append(sha256(p));
                case SYMLINK -> line.append(" -> ").append(m.linkTarget().orElseThrow());
                case CHAR_DEVICE, BLOCK_DEVICE -> line.append(" dev=").append(m.devMajor()).append(',')
                        .append(m.devMinor());
                default -> { }
            }
            m.xattrs().forEach((k, v) -> line.append(' ').append(k).append('=').append(HexFormat.of().formatHex(v)));
            if (m.isHardLinked()) {
                String inode = m.device() + ":" + m.inode();
                line.append(" inode-of=").append(firstOfInode.computeIfAbsent(inode, k -> rel));
            }
            lines.put(rel, line.toString());
        }
        return lines;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Digest digestOf(Path file) throws IOException {
        return Digest.parse("sha256:" + sha256(file));
    }
}
