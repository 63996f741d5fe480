package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A device node made in a container (config-linux.md "Devices") and allowed by its device cgroup with
 * {@code access} ({@code r}, {@code w}, {@code m}): one of {@code --device HOST[:CONTAINER[:PERMISSIONS]]}
 * ({@code HostConfig.Devices}; a directory gives every device below it, as dockerd) or, with {@code --privileged},
 * one of the host's /dev (runc's {@code HostDevices}).
 *
 * @param type {@code c} or {@code b}
 */
public record Device(String path, String type, long major, long minor, int fileMode, int uid, int gid,
        String access) {
    private static final int S_IFMT = 0170000;
    /** What runc leaves out of the host's /dev: its own mounts, and the console it makes itself. */
    private static final Set<String> NOT_HOST_DEVICES = Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts",
            ".udev", "console");

    public Device {
        if (!path.startsWith("/")) {
            throw BerthException.invalid("device path " + path + " is not an absolute path");
        }
        if (!type.equals("c") && !type.equals("b")) {
            throw new IllegalArgumentException("device type must be c or b: " + type);
        }
        if (access.isEmpty() || !access.chars().allMatch(ch -> "rwm".indexOf(ch) >= 0)) {
            throw BerthException.invalid("invalid device mode: " + access);
        }
    }

    /** {@code --device}: the node {@code onHost} (or those below a directory) at {@code inContainer}. */
    public static List<Device> of(String onHost, String inContainer, String access) {
        Path host = Path.of(onHost);
        try {
            if (!Files.isDirectory(host)) {
                return List.of(node(host.toRealPath(), inContainer, access).orElseThrow(() ->
                        gathering(onHost, "not a device node")));
            }
            return below(host, Path.of(inContainer), access, Set.of());
        } catch (NoSuchFileException e) {
            throw gathering(onHost, "no such file or directory");
        } catch (IOException e) {
            throw gathering(onHost, e.getMessage());
        }
    }

    /** The host's devices for a privileged container: all of /dev but runc's own mounts, read-write-mknod. */
    public static List<Device> host() {
        Path dev = Path.of("/dev");
        try {
            return below(dev, dev, "rwm", NOT_HOST_DEVICES);
        } catch (IOException e) {
            throw BerthException.io("list the host's devices in " + dev, e);
        }
    }

    private static List<Device> below(Path dir, Path inContainer, String access, Set<String> skipped)
            throws IOException {
        List<Device> all = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.sorted().toList()) {
                if (skipped.contains(p.getFileName().toString())) {
                    continue;
                }
                Path target = inContainer.resolve(p.getFileName().toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    all.addAll(below(p, target, access, Set.of()));
                } else if (!Files.isSymbolicLink(p)) {
                    node(p, target.toString(), access).ifPresent(all::add);
                }
            }
        }
        return all;
    }

    private static BerthException gathering(String onHost, String why) {
        return BerthException.invalid("error gathering device information while adding custom device \"" + onHost
                + "\": " + why);
    }

    /** The device node at {@code host}; empty for anything else. */
    private static Optional<Device> node(Path host, String inContainer, String access) throws IOException {
        Map<String, Object> a = Files.readAttributes(host, "unix:mode,rdev,uid,gid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        String type = switch (mode & S_IFMT) {
            case Syscalls.S_IFCHR -> "c";
            case Syscalls.S_IFBLK -> "b";
            default -> "";
        };
        if (type.isEmpty()) {
            return Optional.empty();
        }
        long rdev = (Long) a.get("rdev");
        return Optional.of(new Device(inContainer, type, Syscalls.major(rdev), Syscalls.minor(rdev), mode & 07777,
                (Integer) a.get("uid"), (Integer) a.get("gid"), access));
    }
}
