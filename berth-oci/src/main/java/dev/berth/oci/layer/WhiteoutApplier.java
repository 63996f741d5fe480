package dev.berth.oci.layer;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Applies the whiteout entries of a layer (OCI image spec, layer.md "Whiteouts"): {@code .wh.<name>} hides
 * {@code name}, {@code .wh..wh..opq} hides every lower sibling, other {@code .wh..wh.} names are AUFS metadata and
 * ignored. What "hide" means is the {@link WhiteoutMode}.
 */
final class WhiteoutApplier {
    static final String PREFIX = ".wh.";
    private static final String META_PREFIX = ".wh..wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final String OVERLAY_OPAQUE_XATTR = "trusted.overlay.opaque";

    private final WhiteoutMode mode;
    private final RootResolver resolver;
    private final AppliedPaths applied;
    private final EntryWriter writer;

    WhiteoutApplier(WhiteoutMode mode, RootResolver resolver, AppliedPaths applied, EntryWriter writer) {
        this.mode = mode;
        this.resolver = resolver;
        this.applied = applied;
        this.writer = writer;
    }

    static boolean isWhiteout(TarName name) {
        return name.base().startsWith(PREFIX);
    }

    void apply(LayerEntry e) throws IOException {
        String base = e.name().base();
        if (base.equals(OPAQUE)) {
            opaque(e.name().parent());
        } else if (!base.startsWith(META_PREFIX)) {
            String hidden = base.substring(PREFIX.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw BerthException.invalid("invalid whiteout name");
            }
            hide(e, hidden);
        }
    }

    private void opaque(TarName dirName) throws IOException {
        switch (mode) {
            case DELETE -> {
                Optional<Path> dir = resolver.existingDirectory(dirName);
                if (dir.isPresent()) {
                    removeLowerContent(dir.get());
                }
            }
            case OVERLAY -> markOpaque(resolver.directory(dirName));
        }
    }

    private void hide(LayerEntry e, String hidden) throws IOException {
        TarName parent = e.name().parent();
        switch (mode) {
            case DELETE -> {
                Optional<Path> dir = resolver.existingDirectory(parent);
                if (dir.isPresent()) {
                    delete(dir.get().resolve(hidden));
                }
            }
            case OVERLAY -> overlayWhiteout(e, resolver.directory(parent).resolve(hidden));
        }
    }

    private void delete(Path target) throws IOException {
        Optional<BasicFileAttributes> attrs = NoFollow.lstat(target);
        if (ownedByThisLayer(target)) {
            // The layer's own entry stays; if it is a directory merged with a lower one, the lower content goes.
            if (attrs.isPresent() && attrs.get().isDirectory()) {
                removeLowerContent(target);
            }
            return;
        }
        if (attrs.isPresent()) {
            NoFollow.deleteTree(target, attrs.get());
            resolver.invalidate();
        }
    }

    /** Removes from {@code dir} everything that this layer did not put there, keeping the layer's own entries. */
    private void removeLowerContent(Path dir) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = new ArrayList<>(list.toList());
        }
        for (Path child : children) {
            Optional<BasicFileAttributes> attrs = NoFollow.lstat(child);
            if (attrs.isEmpty()) {
                continue;
            }
            if (ownedByThisLayer(child)) {
                if (attrs.get().isDirectory()) {
                    removeLowerContent(child);
                }
            } else {
                NoFollow.deleteTree(child, attrs.get());
                resolver.invalidate();
            }
        }
    }

    private void overlayWhiteout(LayerEntry e, Path target) throws IOException {
        Optional<BasicFileAttributes> attrs = NoFollow.lstat(target);
        if (ownedByThisLayer(target)) {
            // The layer's own directory under the hidden name hides the lower one entirely.
            if (attrs.isPresent() && attrs.get().isDirectory()) {
                markOpaque(target);
            }
            return;
        }
        if (attrs.isPresent()) {
            NoFollow.deleteTree(target, attrs.get());
            resolver.invalidate();
        }
        Syscalls.mknod(target, Syscalls.S_IFCHR, 0, Syscalls.makedev(0, 0));
        writer.applyOwner(target, e);
    }

    private boolean ownedByThisLayer(Path path) {
        return applied.isEntry(path) || applied.holdsEntries(path);
    }

    private static void markOpaque(Path dir) throws IOException {
        Syscalls.lsetxattr(dir, OVERLAY_OPAQUE_XATTR, "y".getBytes(StandardCharsets.US_ASCII));
    }
}
