package dev.berth.engine.volume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * mount(8)'s option string split as moby's {@code mount.ParseOptions} does: the options mount(2) takes as flags
 * ({@code ro}, {@code nosuid}, {@code bind}, {@code rshared}, …) become {@code MS_*} bits, the rest (such as
 * {@code size=64m,uid=1000}) stay the file system's data string, in their order.
 *
 * @param propagation the propagation bits ({@code MS_SHARED}, …), which mount(2) must get in a call of their own
 */
record MountFlags(long flags, long propagation, String data) {
    static final long MS_RDONLY = 1;
    static final long MS_REMOUNT = 32;
    static final long MS_BIND = 4096;
    static final long MS_REC = 16384;
    private static final long MS_UNBINDABLE = 1 << 17;
    private static final long MS_PRIVATE = 1 << 18;
    private static final long MS_SLAVE = 1 << 19;
    private static final long MS_SHARED = 1 << 20;

    private record Flag(boolean clear, long bits) {}

    private static final Map<String, Flag> FLAGS = Map.ofEntries(
            Map.entry("defaults", new Flag(false, 0)),
            Map.entry("ro", new Flag(false, MS_RDONLY)),
            Map.entry("rw", new Flag(true, MS_RDONLY)),
            Map.entry("suid", new Flag(true, 2)),
            Map.entry("nosuid", new Flag(false, 2)),
            Map.entry("dev", new Flag(true, 4)),
            Map.entry("nodev", new Flag(false, 4)),
            Map.entry("exec", new Flag(true, 8)),
            Map.entry("noexec", new Flag(false, 8)),
            Map.entry("sync", new Flag(false, 16)),
            Map.entry("async", new Flag(true, 16)),
            Map.entry("dirsync", new Flag(false, 128)),
            Map.entry("remount", new Flag(false, MS_REMOUNT)),
            Map.entry("mand", new Flag(false, 64)),
            Map.entry("nomand", new Flag(true, 64)),
            Map.entry("atime", new Flag(true, 1024)),
            Map.entry("noatime", new Flag(false, 1024)),
            Map.entry("diratime", new Flag(true, 2048)),
            Map.entry("nodiratime", new Flag(false, 2048)),
            Map.entry("bind", new Flag(false, MS_BIND)),
            Map.entry("rbind", new Flag(false, MS_BIND | MS_REC)),
            Map.entry("relatime", new Flag(false, 1 << 21)),
            Map.entry("norelatime", new Flag(true, 1 << 21)),
            Map.entry("strictatime", new Flag(false, 1 << 24)),
            Map.entry("nostrictatime", new Flag(true, 1 << 24)));

    private static final Map<String, Long> PROPAGATION = Map.of(
            "unbindable", MS_UNBINDABLE, "runbindable", MS_UNBINDABLE | MS_REC,
            "private", MS_PRIVATE, "rprivate", MS_PRIVATE | MS_REC,
            "slave", MS_SLAVE, "rslave", MS_SLAVE | MS_REC,
            "shared", MS_SHARED, "rshared", MS_SHARED | MS_REC);

    static MountFlags parse(String options) {
        long flags = 0;
        long propagation = 0;
        List<String> data = new ArrayList<>();
        for (String o : options.split(",")) {
            if (o.isEmpty()) {
                continue;
            }
            Flag f = FLAGS.get(o);
            Long p = PROPAGATION.get(o);
            if (f != null) {
                flags = f.clear() ? flags & ~f.bits() : flags | f.bits();
            } else if (p != null) {
                propagation |= p;
            } else {
                data.add(o);
            }
        }
        return new MountFlags(flags, propagation, String.join(",", data));
    }

    boolean bind() {
        return (flags & MS_BIND) != 0;
    }
}
