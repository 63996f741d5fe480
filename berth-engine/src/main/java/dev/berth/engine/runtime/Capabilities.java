package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Linux capabilities of a container process: Docker's default set (moby {@code oci/caps/defaults.go}), all those the
 * daemon itself holds in its bounding set when privileged (a container cannot get more; moby likewise grants the
 * capabilities the host supports), then {@code --cap-add} and {@code --cap-drop} applied (names with or without {@code CAP_}, any case,
 * {@code ALL}); as in moby {@code caps.TweakCapabilities}, dropping ALL empties the set before adding.
 */
public final class Capabilities {
    public static final List<String> DEFAULT = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    /** Every capability of Linux up to 6.x, in number order. */
    public static final List<String> ALL = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
            "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    private static final Path STATUS = Path.of("/proc/self/status");

    private Capabilities() {}

    /** The capabilities of {@link #ALL} in this process's bounding set ({@code CapBnd} of /proc/self/status). */
    public static List<String> available() {
        try {
            long mask = Files.readAllLines(STATUS).stream().filter(l -> l.startsWith("CapBnd:"))
                    .map(l -> Long.parseUnsignedLong(l.substring("CapBnd:".length()).trim(), 16))
                    .findFirst().orElse(-1L);
            List<String> caps = new ArrayList<>();
            for (int bit = 0; bit < ALL.size(); bit++) {
                if ((mask & (1L << bit)) != 0) {
                    caps.add(ALL.get(bit));
                }
            }
            return List.copyOf(caps);
        } catch (IOException e) {
            throw BerthException.io("read the capability bounding set from " + STATUS, e);
        }
    }

    /** The capability set, in a stable order. */
    public static List<String> of(boolean privileged, List<String> add, List<String> drop) {
        List<String> adds = add.stream().map(Capabilities::normalise).toList();
        List<String> drops = drop.stream().map(Capabilities::normalise).toList();
        Set<String> caps = new LinkedHashSet<>(privileged ? available() : DEFAULT);
        if (drops.contains("ALL")) {
            caps.clear();
        } else {
            drops.forEach(caps::remove);
        }
        if (adds.contains("ALL")) {
            caps.addAll(available());
        } else {
            caps.addAll(adds);
        }
        return ALL.stream().filter(caps::contains).toList();
    }

    private static String normalise(String name) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        if (upper.equals("ALL")) {
            return upper;
        }
        String full = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
        if (!ALL.contains(full)) {
            throw BerthException.invalid("unknown capability: \"" + full + "\"");
        }
        return full;
    }
}
