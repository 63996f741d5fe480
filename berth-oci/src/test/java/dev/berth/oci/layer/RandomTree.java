package dev.berth.oci.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A generated file tree for property tests: files with random content, directories, symlinks, hard links, fifos
 * and character devices, with modes including setuid/setgid/sticky, owners, nanosecond mtimes and {@code user.*} /
 * {@code trusted.*} xattrs. Entries that cannot be created (a parent is not a directory, the name is taken) are
 * skipped, so every generated list builds some valid tree.
 */
record RandomTree(List<Node> nodes) {
    enum Kind { FILE, DIRECTORY, SYMLINK, HARD_LINK, FIFO, CHAR_DEVICE }

    record Node(Kind kind, String path, byte[] content, int mode, int uid, int gid, long mtimeNanos,
            Map<String, byte[]> xattrs, String linkTarget, int linkIndex, int major, int minor) {
        @Override
        public String toString() {
            return kind + " " + path + " mode=" + Integer.toOctalString(mode) + " " + uid + ":" + gid + " mtime="
                    + mtimeNanos + " size=" + content.length + " xattrs=" + xattrs.keySet()
                    + (kind == Kind.SYMLINK ? " -> " + linkTarget : "") + (kind == Kind.HARD_LINK ? " #" + linkIndex : "")
                    + (kind == Kind.CHAR_DEVICE ? " " + major + "," + minor : "");
        }
    }

    static Arbitrary<RandomTree> arbitrary() {
        return node().list().ofMinSize(1).ofMaxSize(25).map(RandomTree::new);
    }

    private static Arbitrary<Node> node() {
        Arbitrary<String> component = Arbitraries.oneOf(
                Arbitraries.of("a", "b", "c", "etc", "bin", "caf\u00e9", "\u65e5\u672c", "sp ace", "x.y"),
                Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_', '.').ofMinLength(1).ofMaxLength(120)
                        .filter(s -> !s.equals(".") && !s.equals("..") && !s.startsWith(".wh.")));
        Arbitrary<String> path = component.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("/", l));
        Arbitrary<byte[]> content = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(600),
                Arbitraries.bytes().array(byte[].class).ofMinSize(60_000).ofMaxSize(70_000));
        Arbitrary<Integer> mode = Arbitraries.of(0644, 0755, 0600, 0400, 0777, 04755, 02755, 06711, 01777, 03770);
        Arbitrary<Integer> id = Arbitraries.oneOf(Arbitraries.of(0, 1, 1000, 65534),
                Arbitraries.integers().between(0, 5_000_000));
        Arbitrary<Long> mtime = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 4_102_444_800L).map(s -> s * 1_000_000_000L),
                Arbitraries.longs().between(0, 4_102_444_800_000_000_000L));
        Arbitrary<Map<String, byte[]>> xattrs = Arbitraries.maps(
                Arbitraries.of("user.a", "user.mime_type", "trusted.t", "trusted.overlay-like", "user." + "k".repeat(100)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200)).ofMaxSize(3);
        Arbitrary<String> target = Arbitraries.oneOf(path, path.map(p -> "/" + p), path.map(p -> "../" + p));
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 1000);
        return Combinators.combine(Arbitraries.of(Kind.class), path, content, mode, id, id, mtime, xattrs)
                .flatAs((kind, p, c, m, u, g, t, x) -> Combinators.combine(target, small, small, small)
                        .as((lt, li, ma, mi) -> new Node(kind, p, c, m, u, g, t, x, lt, li, ma, mi)));
    }

    /** Creates the tree under {@code root} (which must exist) and returns what it actually created. */
    List<Node> createIn(Path root) throws IOException {
        LayerTestTree t = LayerTestTree.at(root);
        List<Node> created = new ArrayList<>();
        List<String> files = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (Node n : nodes) {
            if (!canCreate(root, n.path(), taken)) {
                continue;
            }
            Files.createDirectories(root.resolve(n.path()).getParent());
            switch (n.kind()) {
                case FILE -> {
                    t.file(n.path(), n.content());
                    files.add(n.path());
                }
                case DIRECTORY -> t.dir(n.path());
                case SYMLINK -> t.symlink(n.path(), n.linkTarget());
                case FIFO -> t.fifo(n.path());
                case CHAR_DEVICE -> t.charDevice(n.path(), n.major() % 256, n.minor());
                case HARD_LINK -> {
                    if (files.isEmpty()) {
                        continue;
                    }
                    t.hardLink(n.path(), files.get(n.linkIndex() % files.size()));
                }
            }
            taken.add(n.path());
            created.add(n);
            applyMetadata(t, n);
        }
        applyMtimes(t, created);
        return created;
    }

    private static boolean canCreate(Path root, String path, Set<String> taken) {
        Path p = root.resolve(path);
        if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || taken.contains(path)) {
            return false;
        }
        for (Path parent = p.getParent(); !parent.equals(root); parent = parent.getParent()) {
            if (Files.exists(parent, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(parent, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    private static void applyMetadata(LayerTestTree t, Node n) throws IOException {
        if (n.kind() == Kind.HARD_LINK) {
            return;
        }
        t.owner(n.path(), n.uid(), n.gid());
        if (n.kind() != Kind.SYMLINK) {
            t.mode(n.path(), n.mode());
        }
        boolean userAllowed = n.kind() == Kind.FILE || n.kind() == Kind.DIRECTORY;
        for (Map.Entry<String, byte[]> x : n.xattrs().entrySet()) {
            if (userAllowed || x.getKey().startsWith("trusted.")) {
                t.xattr(n.path(), x.getKey(), x.getValue());
            }
        }
    }

    /** Sets the generated mtimes deepest first, after all entries exist, so that directories keep theirs. */
    private static void applyMtimes(LayerTestTree t, List<Node> created) throws IOException {
        List<Node> byDepth = created.stream().filter(n -> n.kind() != Kind.HARD_LINK)
                .sorted((a, b) -> Long.compare(b.path().chars().filter(c -> c == '/').count(),
                        a.path().chars().filter(c -> c == '/').count()))
                .collect(Collectors.toList());
        for (Node n : byDepth) {
            t.mtime(n.path(), n.mtimeNanos());
        }
        // Directories created implicitly as parents keep the time of their creation, which differs between runs.
        t.mtimeAllDirectoriesWithout(created.stream().map(Node::path).collect(Collectors.toSet()), 1_000_000_000L);
    }
}
