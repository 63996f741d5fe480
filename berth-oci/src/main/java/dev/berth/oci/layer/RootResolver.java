package dev.berth.oci.layer;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves tar names inside a root directory as if the root were {@code /} of a chroot (containerd's
 * {@code fs.RootPath}, cyphar's securejoin): symlinks met on the way are followed, an absolute target restarts at the
 * root, and a {@code ..} that would climb above the root is refused rather than clamped, so a layer cannot even aim
 * at the outside. The result is a path whose existing components are real directories, so an {@code open} of its
 * last component with {@code O_NOFOLLOW} cannot leave the root.
 *
 * <p>Resolved directories are cached by tar name. A cached resolution only goes stale when something on its way is
 * removed (a symlink or directory replaced, a whiteout), so every removal must call {@link #invalidate()}.
 */
final class RootResolver {
    private static final int MAX_SYMLINKS = 40;

    private final Path root;
    private final Map<TarName, Path> directories = new HashMap<>();

    /** {@code root} must be a real path: no symlink in it, as {@link Path#toRealPath} returns. */
    RootResolver(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The directory holding {@code name}, created (mode 0755, like containerd's mkparent) where missing. */
    Path parentDirectory(TarName name) throws IOException {
        return directory(name.parent());
    }

    /** The real directory {@code name} resolves to, created (mode 0755) where missing. */
    Path directory(TarName name) throws IOException {
        Path cached = directories.get(name);
        if (cached != null) {
            return cached;
        }
        Path dir = resolve(name, true);
        makeDirectories(dir);
        directories.put(name, dir);
        return dir;
    }

    /** The real directory {@code name} resolves to if it exists; nothing is created. */
    Optional<Path> existingDirectory(TarName name) throws IOException {
        Path cached = directories.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Path dir = resolve(name, true);
        return NoFollow.lstat(dir).filter(BasicFileAttributes::isDirectory).map(a -> dir);
    }

    /** Where {@code name} itself lives, its last component not followed; nothing is created. */
    Path locate(TarName name) throws IOException {
        if (name.isRoot()) {
            return root;
        }
        Path parent = directories.get(name.parent());
        return (parent != null ? parent : resolve(name.parent(), true)).resolve(name.base());
    }

    /** Forgets every cached resolution; called after anything in the tree is removed. */
    void invalidate() {
        directories.clear();
    }

    private Path resolve(TarName name, boolean followLast) throws IOException {
        Deque<String> pending = new ArrayDeque<>(name.components());
        Path current = root;
        int depth = 0;
        int links = 0;
        while (!pending.isEmpty()) {
            String c = pending.pop();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (depth == 0) {
                    throw BerthException.invalid("a symlink on the way escapes the root");
                }
                current = current.getParent();
                depth--;
                continue;
            }
            Path next = current.resolve(c);
            Optional<BasicFileAttributes> attrs = NoFollow.lstat(next);
            boolean more = !pending.isEmpty();
            if (attrs.isPresent() && attrs.get().isSymbolicLink() && (followLast || more)) {
                if (++links > MAX_SYMLINKS) {
                    throw BerthException.invalid("too many levels of symbolic links at \"" + relative(next) + "\"");
                }
                String target = Files.readSymbolicLink(next).toString();
                if (target.startsWith("/")) {
                    current = root;
                    depth = 0;
                }
                List<String> parts = List.of(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    pending.push(parts.get(i));
                }
                continue;
            }
            if (attrs.isPresent() && !attrs.get().isDirectory() && !attrs.get().isSymbolicLink() && more) {
                throw BerthException.invalid("\"" + relative(next) + "\" is not a directory");
            }
            current = next;
            depth++;
        }
        return current;
    }

    private void makeDirectories(Path dir) throws IOException {
        Path p = root;
        for (Path c : root.relativize(dir)) {
            if (c.toString().isEmpty()) {
                continue;
            }
            p = p.resolve(c);
            Optional<BasicFileAttributes> attrs = NoFollow.lstat(p);
            if (attrs.isEmpty()) {
                Files.createDirectory(p);
                Syscalls.chmod(p, 0755);
            } else if (!attrs.get().isDirectory()) {
                throw BerthException.invalid("\"" + relative(p) + "\" is not a directory");
            }
        }
    }

    private String relative(Path p) {
        return root.relativize(p).toString();
    }
}
