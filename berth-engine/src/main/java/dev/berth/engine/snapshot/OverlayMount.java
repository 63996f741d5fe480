package dev.berth.engine.snapshot;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
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
            if (data.length() + 1 <= PAGE_SIZE) {
                Syscalls.mount("overlay", target, "overlay", 0, data);
            } else {
                Syscalls.mountWithContext("overlay", contextOptions(lowers, upper, work), target);
            }
        } catch (IOException e) {
            throw BerthException.io("mount overlay on " + target + " (" + lowers.size() + " layers)", e);
        }
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
