package dev.berth.engine.archive;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path of a container's file system to the host path under its root file system, as if the root were
 * {@code /} of a chroot (moby's {@code symlink.FollowSymlinkInScope}, cyphar's securejoin): symlinks met on the way are
 * followed inside the root, an absolute target restarts at the root, and {@code ..} stops at the root — so the result
 * is never outside it, whatever links the container made.
 */
public final class RootfsPath {
    private static final int MAX_LINKS = 255;

    private RootfsPath() {}

    /**
     * The host path of {@code path} (absolute in the container) under {@code rootfs}; every symlink followed, the last
     * component's too when {@code followLast}. Components that do not exist are kept as named.
     */
    public static Path resolve(Path rootfs, String path, boolean followLast) {
        Deque<String> todo = new ArrayDeque<>(components(path));
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.removeFirst();
            if (name.equals("..")) {
                done.pollLast();
                continue;
            }
            Path candidate = join(rootfs, done).resolve(name);
            boolean last = todo.isEmpty();
            if (Files.isSymbolicLink(candidate) && (!last || followLast)) {
                if (++links > MAX_LINKS) {
                    throw BerthException.invalid("resolve " + path + ": too many levels of symbolic links");
                }
                String target;
                try {
                    target = Files.readSymbolicLink(candidate).toString();
                } catch (IOException e) {
                    throw BerthException.io("read link " + candidate, e);
                }
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> parts = components(target);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
                continue;
            }
            done.addLast(name);
        }
        return join(rootfs, done);
    }

    /** Whether {@code host} (a resolved path) is a directory, not following a last symlink. */
    public static boolean isDirectory(Path host) {
        return Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS);
    }

    private static List<String> components(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty() && !s.equals(".")).toList();
    }

    private static Path join(Path rootfs, Deque<String> names) {
        Path p = rootfs;
        for (String n : names) {
            p = p.resolve(n);
        }
        return p;
    }
}
