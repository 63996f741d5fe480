package dev.berth.engine.volume;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code local} driver's options, as docker's ({@code volume/local/local_unix.go}): {@code type}, {@code device}
 * and {@code o} say what to mount on the volume's {@code _data} when a container uses it, as
 * {@code mount -t TYPE -o O DEVICE _data} would, e.g. {@code type=tmpfs device=tmpfs o=size=64m,uid=1000} or
 * {@code type=none device=/srv/data o=bind}. Without options a volume is a plain directory. {@code size} (an XFS
 * project quota in dockerd) is refused as dockerd refuses it on a file system without quota support.
 */
public record LocalOptions(Map<String, String> options) {
    private static final Set<String> VALID = Set.of("type", "o", "device", "size");
    private static final Map<String, List<String>> MANDATORY = Map.of(
            "device", List.of("type"), "type", List.of("device"), "o", List.of("device", "type"));

    public LocalOptions {
        options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));
        for (String key : options.keySet()) {
            if (!VALID.contains(key)) {
                throw BerthException.invalid("invalid option: \"" + key + "\"");
            }
        }
        if (options.containsKey("size")) {
            throw BerthException.invalid("quota size requested but no quota support");
        }
        for (String key : List.of("device", "type", "o")) {
            if (options.containsKey(key)) {
                for (String required : MANDATORY.get(key)) {
                    if (!options.containsKey(required)) {
                        throw BerthException.invalid("missing required option: \"" + required + "\"");
                    }
                }
            }
        }
    }

    /** Whether the volume's data is a mount made when a container uses it, rather than a plain directory. */
    public boolean needsMount() {
        return !options.getOrDefault("device", "").isEmpty() || !options.getOrDefault("type", "").isEmpty();
    }

    /** Mounts {@code device} on {@code target} through mount(2), as docker's {@code mount.Mount}. */
    void mount(Path target) throws IOException {
        String device = options.getOrDefault("device", "");
        String type = options.getOrDefault("type", "");
        MountFlags f = MountFlags.parse(options.getOrDefault("o", ""));
        long first = f.bind() ? f.flags() & ~MountFlags.MS_RDONLY : f.flags();
        Syscalls.mount(device, target, type.equals("none") && f.bind() ? "" : type, first, f.data());
        if (f.bind() && (f.flags() & ~(MountFlags.MS_BIND | MountFlags.MS_REC)) != 0) {
            // A bind mount takes its other flags (ro, nosuid, …) only from a remount of the bind.
            Syscalls.mount("", target, "", f.flags() | MountFlags.MS_REMOUNT | MountFlags.MS_BIND, "");
        }
        if (f.propagation() != 0) {
            Syscalls.mount("", target, "", f.propagation(), "");
        }
    }

    /** The options' own words, for messages: {@code type='tmpfs' device='tmpfs' o='size=1m'}. */
    String describe() {
        return "type='" + options.getOrDefault("type", "") + "' device='" + options.getOrDefault("device", "")
                + "' o='" + options.getOrDefault("o", "") + "'";
    }
}
