package dev.berth.engine.snapshot;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Mounts overlayfs with {@code mount(2)} when its option string fits the one page the kernel copies, else with the
 * file-system context API, passing each layer as its own {@code lowerdir+} option (Linux 6.8+), so an image may have
 * as many layers as overlayfs stacks (500) whatever the length of their paths.
 */
final class OverlayMount {
    /** {@code mount(2)} copies at most one page of options, the terminating NUL included. */
    static final int PAGE_SIZE = 4096;

    private OverlayMount() {}

    static void mount(List<Path> lowers, Path upper, Path work, Path target) {
        mount(lowers, upper, work, target, false);
    }

    /**
     * Mounts with overlayfs's {@code volatile} option when {@code volatileMount} (Linux 5.10+, else without it): the
     * mount's sync and fsync calls do nothing, and its unmount, which otherwise syncs the whole file system under the
     * upper directory (every other writer's dirty data with it: 5-25 ms of each removal on a busy host), skips that
     * too. Podman does the same for {@code --rm} containers. With more options than {@code mount(2)} takes, the layer
     * is mounted without it.
     */
    static void mount(List<Path> lowers, Path upper, Path work, Path target, boolean volatileMount) {
        if (lowers.isEmpty()) {
            throw BerthException.invalid("mount overlay on " + target + ": no lower layer");
        }
        for (Path p : lowers) {
            checkPath(p);
        }
        checkPath(upper);
        checkPath(work);
        String data = options(lowers, upper, work);
        try {
            if (volatileMount && data.length() + VOLATILE.length() + 1 <= PAGE_SIZE) {
                mountVolatile(target, data);
            } else if (data.length() + 1 <= PAGE_SIZE) {
                Syscalls.mount("overlay", target, "overlay", 0, data);
            } else {
                Syscalls.mountWithContext("overlay", contextOptions(lowers, upper, work), target);
            }
        } catch (IOException e) {
            throw BerthException.io("mount overlay on " + target + " (" + lowers.size() + " layers)", e);
        }
    }

    private static final String VOLATILE = ",volatile";

    private static void mountVolatile(Path target, String data) throws IOException {
        try {
            Syscalls.mount("overlay", target, "overlay", 0, data + VOLATILE);
        } catch (IOException e) {
            // A kernel before 5.10 knows no such option (EINVAL): durable, as without it.
            try {
                Syscalls.mount("overlay", target, "overlay", 0, data);
            } catch (IOException again) {
                again.addSuppressed(e);
                throw again;
            }
        }
    }

    /**
     * Whether the overlay over {@code work} was mounted volatile; if so, readies it to be mounted again. overlayfs
     * leaves {@code work/work/incompat/volatile} behind such a mount and refuses the next one while it is there, as the
     * upper directory may miss writes if the host crashed meanwhile. Restore removes every ephemeral container that
     * does not run (Containers.removedByRestore), so a layer is mounted again only if one is used before that removal;
     * its only writes were then berthd's own at its creation, and it is mounted volatile again.
     */
    static boolean clearVolatile(Path work) {
        Path marker = work.resolve("work").resolve("incompat").resolve("volatile");
        if (!Files.isDirectory(marker)) {
            return false;
        }
        FileTrees.delete(marker);
        return true;
    }

    static String options(List<Path> lowers, Path upper, Path work) {
        return "lowerdir=" + lowers.stream().map(Path::toString).collect(Collectors.joining(":"))
                + ",upperdir=" + upper + ",workdir=" + work;
    }

    private static List<Map.Entry<String, String>> contextOptions(List<Path> lowers, Path upper, Path work) {
        List<Map.Entry<String, String>> options = new ArrayList<>();
        lowers.forEach(l -> options.add(Map.entry("lowerdir+", l.toString())));
        options.add(Map.entry("upperdir", upper.toString()));
        options.add(Map.entry("workdir", work.toString()));
        return options;
    }

    /** overlayfs splits its options on ',' and lowerdir on ':'; paths holding either would be misread. */
    private static void checkPath(Path p) {
        String s = p.toString();
        if (!p.isAbsolute() || s.indexOf(',') >= 0 || s.indexOf(':') >= 0) {
            throw BerthException.invalid("overlay layer path " + s + ": must be absolute, without ',' or ':'");
        }
    }

    static void unmount(Path target) {
        try {
            Syscalls.umount2(target, 0);
        } catch (IOException e) {
            throw BerthException.io("unmount " + target, e);
        }
    }
}
