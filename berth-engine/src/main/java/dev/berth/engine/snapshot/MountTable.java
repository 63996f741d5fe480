package dev.berth.engine.snapshot;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The mount points of this process's mount namespace, from {@code /proc/self/mountinfo} (proc(5)). */
public final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {}

    /** The mount points, decoded ({@code \040} and the other octal escapes of mountinfo undone). */
    public static List<Path> mountPoints() {
        try {
            return Files.readAllLines(MOUNTINFO).stream()
                    .map(line -> line.split(" "))
                    .filter(fields -> fields.length > 4)
                    .map(fields -> Path.of(unescape(fields[4])))
                    .toList();
        } catch (IOException e) {
            throw BerthException.io("read " + MOUNTINFO, e);
        }
    }

    /**
     * Whether something is mounted on {@code dir}: asked of the kernel for {@code dir} alone where it tells
     * ({@link Syscalls#isMountRoot}), else found in the table. Each container's start and removal asks it of its root
     * file system: reading the table took ~0.3-1 ms, more the more containers run.
     */
    public static boolean isMountPoint(Path dir) {
        Path path = dir.toAbsolutePath().normalize();
        return Syscalls.isMountRoot(path).orElseGet(() -> mountPoints().contains(path));
    }

    /** The mount points at or below {@code dir}. */
    public static List<Path> mountsUnder(Path dir) {
        Path base = dir.toAbsolutePath().normalize();
        return mountPoints().stream().filter(p -> p.startsWith(base)).toList();
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
