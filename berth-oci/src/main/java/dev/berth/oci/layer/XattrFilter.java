package dev.berth.oci.layer;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** Which extended attributes of a file belong in a layer. */
enum XattrFilter {
    /**
     * Everything but {@code security.selinux}, which is the label of the host the file sits on, not image content
     * (docker and containerd write only {@code security.capability}; Berth keeps user, trusted and other security
     * attributes too, so that a layer round-trips what it was given).
     */
    PLAIN,
    /** As {@link #PLAIN}, and without overlayfs' own {@code trusted.overlay.*} bookkeeping of an upper directory. */
    OVERLAY_UPPER;

    static final String OVERLAY_PREFIX = "trusted.overlay.";

    SortedMap<String, byte[]> apply(SortedMap<String, byte[]> xattrs) {
        if (xattrs.isEmpty()) {
            return xattrs;
        }
        SortedMap<String, byte[]> kept = new TreeMap<>(xattrs);
        kept.remove("security.selinux");
        if (this == OVERLAY_UPPER) {
            kept.keySet().removeIf(name -> name.startsWith(OVERLAY_PREFIX));
        }
        return Collections.unmodifiableSortedMap(kept);
    }
}
