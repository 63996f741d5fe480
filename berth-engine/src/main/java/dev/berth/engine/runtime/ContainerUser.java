package dev.berth.engine.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The uid, gid and supplementary gids a container process runs as, resolved from Docker's {@code -u} grammar
 * {@code user[:group]} (names or numbers) against the image's {@code /etc/passwd} and {@code /etc/group} the way
 * moby's {@code user.GetExecUser} does: a number missing from passwd is used as is with gid 0, a name must exist;
 * without a group the passwd entry's group applies, plus every group listing the user as a member; the primary
 * group always comes first among the supplementary ones.
 */
public record ContainerUser(int uid, int gid, List<Integer> additionalGids, Optional<String> home) {
    public ContainerUser {
        additionalGids = List.copyOf(additionalGids);
    }

    public static final ContainerUser ROOT = new ContainerUser(0, 0, List.of(0), Optional.of("/root"));

    /** This user as the OCI runtime spec's {@code process.user}. */
    ObjectNode ociUser() {
        ObjectNode u = JsonNodeFactory.instance.objectNode();
        u.put("uid", uid);
        u.put("gid", gid);
        if (!additionalGids.isEmpty()) {
            ArrayNode gids = u.putArray("additionalGids");
            additionalGids.forEach(gids::add);
        }
        return u;
    }

    private record PasswdEntry(String name, int uid, int gid, String home) {}

    private record GroupEntry(String name, int gid, List<String> members) {}

    /**
     * Resolves {@code spec} (empty: root) in the root file system {@code rootfs}, as runc's {@code GetExecUser} does
     * for dockerd: an empty user part is the default user (uid 0), a numeric part is an id whether the files name it
     * or not (within 0-2147483647), a name must be in them.
     */
    public static ContainerUser resolve(Path rootfs, String spec) {
        if (spec.isEmpty()) {
            return ROOT;
        }
        int colon = spec.indexOf(':');
        String userPart = colon < 0 ? spec : spec.substring(0, colon);
        Optional<String> groupPart = colon < 0 ? Optional.empty() : Optional.of(spec.substring(colon + 1));
        Optional<Long> uidArg = userPart.isEmpty() ? Optional.of(0L) : numeric(userPart);
        List<PasswdEntry> passwd = passwd(rootfs);
        Optional<PasswdEntry> entry = passwd.stream()
                .filter(p -> uidArg.isPresent() ? p.uid() == uidArg.get() : p.name().equals(userPart))
                .findFirst();
        if (entry.isEmpty() && uidArg.isEmpty()) {
            throw BerthException.invalid("unable to find user " + userPart + ": no matching entries in passwd file");
        }
        int uid = entry.map(PasswdEntry::uid).orElseGet(() -> inRange(uidArg.get()));
        List<GroupEntry> groups = groups(rootfs);
        int gid;
        List<Integer> extra = List.of();
        if (groupPart.isPresent() && !groupPart.get().isEmpty()) {
            String g = groupPart.get();
            Optional<Long> gidArg = numeric(g);
            Optional<GroupEntry> group = groups.stream()
                    .filter(e -> gidArg.isPresent() ? e.gid() == gidArg.get() : e.name().equals(g)).findFirst();
            if (group.isEmpty() && gidArg.isEmpty()) {
                throw BerthException.invalid("unable to find group " + g + ": no matching entries in group file");
            }
            gid = group.map(GroupEntry::gid).orElseGet(() -> inRange(gidArg.get()));
        } else {
            gid = entry.map(PasswdEntry::gid).orElse(0);
            extra = entry.map(e -> groups.stream().filter(g -> g.members().contains(e.name()))
                    .map(GroupEntry::gid).filter(x -> x != e.gid()).distinct().toList()).orElse(List.of());
        }
        // As moby's getUser since CVE-2022-36109: the primary group is a supplementary group too, so a process
        // keeps it when it drops its gid (e.g. by running a setgid program).
        List<Integer> supplementary = java.util.stream.Stream.concat(java.util.stream.Stream.of(gid), extra.stream())
                .distinct().toList();
        return new ContainerUser(uid, gid, supplementary, entry.map(PasswdEntry::home));
    }

    /**
     * This user with {@code --group-add}'s groups (names or ids, as moby's {@code GetAdditionalGroupsPath}) among
     * the supplementary ones.
     */
    public ContainerUser withGroups(Path rootfs, List<String> groupAdd) {
        if (groupAdd.isEmpty()) {
            return this;
        }
        List<GroupEntry> groups = groups(rootfs);
        List<Integer> gids = new java.util.ArrayList<>(additionalGids);
        for (String g : groupAdd) {
            Optional<GroupEntry> group = groups.stream().filter(e -> e.name().equals(g)).findFirst();
            if (group.isEmpty() && !isNumber(g)) {
                throw BerthException.invalid("Unable to find group " + g + ": no matching entries in group file");
            }
            int id = group.map(GroupEntry::gid).orElseGet(() -> Integer.parseInt(g));
            if (!gids.contains(id)) {
                gids.add(id);
            }
        }
        return new ContainerUser(uid, gid, gids, home);
    }

    private static List<PasswdEntry> passwd(Path rootfs) {
        return lines(rootfs.resolve("etc/passwd")).stream().map(l -> l.split(":", -1))
                .filter(f -> f.length >= 6 && isNumber(f[2]) && isNumber(f[3]))
                .map(f -> new PasswdEntry(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[5]))
                .toList();
    }

    private static List<GroupEntry> groups(Path rootfs) {
        return lines(rootfs.resolve("etc/group")).stream().map(l -> l.split(":", -1))
                .filter(f -> f.length >= 3 && isNumber(f[2]))
                .map(f -> new GroupEntry(f[0], Integer.parseInt(f[2]),
                        f.length > 3 && !f[3].isEmpty() ? List.of(f[3].split(",")) : List.of()))
                .toList();
    }

    /**
     * The lines of an image file, none if it is absent. A symlink is not followed: resolved on the host it could
     * point out of the image, and images with a symlinked passwd are rare enough to take numeric ids.
     */
    private static List<String> lines(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw BerthException.io("read " + file, e);
        }
    }

    /** {@code s} as Go's {@code strconv.Atoi} reads it (an optional sign, decimal digits), if it is a number. */
    private static Optional<Long> numeric(String s) {
        if (!s.matches("[+-]?[0-9]{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(s));
    }

    private static int inRange(long id) {
        if (id < 0 || id > Integer.MAX_VALUE) {
            throw BerthException.invalid("uids and gids must be in range 0-" + Integer.MAX_VALUE);
        }
        return (int) id;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
    }
}
