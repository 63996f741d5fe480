package dev.berth.engine.volume;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of a container's tmpfs mount: docker's defaults {@code noexec,nosuid,nodev} then the user's, merged as
 * moby's {@code mount.MergeTmpfsOptions} does: a later flag replaces its opposite ({@code exec} cancels
 * {@code noexec}), a later {@code key=value} replaces an earlier value of the same key.
 */
final class TmpfsOptions {
    private static final Map<String, String> OPPOSITES = Map.ofEntries(
            Map.entry("exec", "noexec"), Map.entry("noexec", "exec"), Map.entry("suid", "nosuid"),
            Map.entry("nosuid", "suid"), Map.entry("dev", "nodev"), Map.entry("nodev", "dev"),
            Map.entry("ro", "rw"), Map.entry("rw", "ro"), Map.entry("atime", "noatime"),
            Map.entry("noatime", "atime"), Map.entry("diratime", "nodiratime"), Map.entry("nodiratime", "diratime"));
    private static final List<String> DEFAULTS = List.of("noexec", "nosuid", "nodev");

    private TmpfsOptions() {}

    /** The OCI mount options for a tmpfs with user options {@code data} (comma-separated, maybe empty). */
    static List<String> merged(String data) {
        Map<String, String> byKey = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(DEFAULTS);
        if (!data.isEmpty()) {
            all.addAll(List.of(data.split(",")));
        }
        for (String o : all) {
            if (o.isEmpty()) {
                continue;
            }
            int eq = o.indexOf('=');
            if (eq > 0) {
                byKey.remove(o.substring(0, eq));
                byKey.put(o.substring(0, eq), o);
            } else {
                String opposite = OPPOSITES.get(o);
                if (opposite != null) {
                    byKey.remove(opposite);
                }
                byKey.put(o, o);
            }
        }
        return List.copyOf(byKey.values());
    }
}
