package dev.berth.oci.layer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The merged view of overlayfs lower directories in overlay form (whiteouts are 0/0 character devices, opaque
 * directories carry {@code trusted.overlay.opaque=y}), topmost first as in {@code lowerdir=}: a path exists if the
 * topmost layer that has it has no whiteout for it and no non-directory or opaque directory above it hides it.
 */
final class OverlayLowers {
    static final String OPAQUE_XATTR = "trusted.overlay.opaque";

    private final List<Path> layers;

    OverlayLowers(List<Path> layers) {
        this.layers = List.copyOf(layers);
    }

    /** How one layer answers for a path: absent (look further down), found, or gone (hidden from all below). */
    private record Located(State state, Optional<FileMeta> meta, boolean opaqueAbove) {
        enum State { ABSENT, FOUND, GONE }
    }

    /** The metadata of {@code path} (relative) in the merged lower tree, empty when it does not exist there. */
    Optional<FileMeta> find(String path) throws IOException {
        for (Path layer : layers) {
            Located l = locate(layer, path);
            switch (l.state()) {
                case FOUND -> {
                    return l.meta();
                }
                case GONE -> {
                    return Optional.empty();
                }
                case ABSENT -> {
                    if (l.opaqueAbove()) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The names in directory {@code dir} of the merged lower tree, sorted; empty when it is not a directory there. */
    List<String> names(String dir) throws IOException {
        Set<String> seen = new HashSet<>();
        List<String> present = new ArrayList<>();
        for (Path layer : layers) {
            Located l = locate(layer, dir);
            if (l.state() == Located.State.ABSENT) {
                if (l.opaqueAbove()) {
                    break;
                }
                continue;
            }
            if (l.state() == Located.State.GONE || !l.meta().orElseThrow().isDirectory()) {
                break;
            }
            Path at = layer.resolve(dir);
            for (String name : DirectoryListing.names(at)) {
                if (seen.add(name) && !FileMeta.readIfExists(at.resolve(name)).map(FileMeta::isOverlayWhiteout)
                        .orElse(true)) {
                    present.add(name);
                }
            }
            if (l.opaqueAbove() || isOpaque(l.meta().orElseThrow())) {
                break;
            }
        }
        present.sort(DirectoryListing.BYTE_ORDER);
        return present;
    }

    static boolean isOpaque(FileMeta meta) {
        return meta.isDirectory()
                && meta.xattr(OPAQUE_XATTR).map(v -> v.length == 1 && v[0] == 'y').orElse(false);
    }

    private static Located locate(Path layer, String path) throws IOException {
        if (path.isEmpty()) {
            Optional<FileMeta> root = FileMeta.readIfExists(layer);
            return new Located(root.isPresent() ? Located.State.FOUND : Located.State.ABSENT, root, false);
        }
        String[] parts = path.split("/");
        Path at = layer;
        boolean opaqueAbove = false;
        for (int i = 0; i < parts.length; i++) {
            at = at.resolve(parts[i]);
            Optional<FileMeta> meta = FileMeta.readIfExists(at);
            if (meta.isEmpty()) {
                return new Located(Located.State.ABSENT, meta, opaqueAbove);
            }
            if (meta.get().isOverlayWhiteout()) {
                return new Located(Located.State.GONE, Optional.empty(), opaqueAbove);
            }
            if (i == parts.length - 1) {
                return new Located(Located.State.FOUND, meta, opaqueAbove);
            }
            if (!meta.get().isDirectory()) {
                return new Located(Located.State.GONE, Optional.empty(), opaqueAbove);
            }
            opaqueAbove |= isOpaque(meta.get());
        }
        throw new IllegalStateException("unreachable: " + path);
    }
}
