package dev.berth.oci.layer;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.LayerEntry.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the entries of one layer tar to a root directory in a single pass (OCI image spec, layer.md "Applying
 * Changesets"), with docker's and containerd's semantics: an existing entry is replaced unless both are directories,
 * which merge; whiteouts go to {@link WhiteoutApplier}; directory modes and times are set last, after their content.
 */
final class LayerExtraction {
    private final ApplyOptions options;
    private final RootResolver resolver;
    private final AppliedPaths applied;
    private final EntryWriter writer;
    private final WhiteoutApplier whiteouts;
    private final byte[] buffer;
    private final Map<TarName, PendingDirectory> directories = new LinkedHashMap<>();

    /** A directory's mode and times, applied at the end to the same inode if it is still there. */
    private record PendingDirectory(TarName name, Object fileKey, int mode, long atimeNanos, long mtimeNanos) {}

    LayerExtraction(Path realRoot, ApplyOptions options, byte[] buffer) {
        this.options = options;
        this.buffer = buffer;
        this.resolver = new RootResolver(realRoot);
        this.applied = new AppliedPaths(realRoot);
        this.writer = new EntryWriter(options.ignoreOwnership(), buffer);
        this.whiteouts = new WhiteoutApplier(options.whiteoutMode(), resolver, applied, writer);
    }

    void run(TarReader tar) {
        for (Optional<LayerEntry> next = tar.next(); next.isPresent(); next = tar.next()) {
            if (tar.entriesRead() > options.maxEntries()) {
                throw BerthException.invalid("layer has more than " + options.maxEntries() + " entries");
            }
            LayerEntry e = next.get();
            try {
                apply(e, tar);
                tar.skipData(buffer);
            } catch (BerthException ex) {
                throw BerthException.wrap(context(e), ex);
            } catch (IOException ex) {
                throw BerthException.io(context(e), ex);
            }
        }
        finishDirectories();
    }

    private void apply(LayerEntry e, TarReader tar) throws IOException {
        if (e.name().isRoot()) {
            return; // the root belongs to the caller, as in containerd
        }
        if (WhiteoutApplier.isWhiteout(e.name())) {
            whiteouts.apply(e);
            return;
        }
        Path path = resolver.parentDirectory(e.name()).resolve(e.name().base());
        Path linkTarget = e.kind() == Kind.HARDLINK ? hardLinkTarget(e, path) : null;
        Optional<BasicFileAttributes> existing = NoFollow.lstat(path);
        boolean merge = existing.isPresent() && existing.get().isDirectory() && e.kind() == Kind.DIRECTORY;
        if (existing.isPresent() && !merge) {
            NoFollow.deleteTree(path, existing.get());
            resolver.invalidate();
        }
        if (!merge && !writer.create(e, path, tar, linkTarget)) {
            return;
        }
        if (merge) {
            writer.dropXattrsNotIn(path, e);
        }
        applyMetadata(e, path);
        applied.add(path);
    }

    private void applyMetadata(LayerEntry e, Path path) throws IOException {
        writer.applyOwner(path, e);
        writer.applyXattrs(path, e);
        boolean symlink = e.kind() == Kind.SYMLINK
                || (e.kind() == Kind.HARDLINK && Files.isSymbolicLink(path));
        if (e.kind() == Kind.DIRECTORY) {
            // The same view as finishDirectories' check, so that the two keys compare.
            Object key = NoFollow.lstat(path).orElseThrow(() -> new NoSuchFileException(path.toString())).fileKey();
            directories.put(e.name(), new PendingDirectory(e.name(), key, e.mode(), e.atimeNanos(), e.mtimeNanos()));
            return;
        }
        if (!symlink) {
            writer.applyMode(path, e.mode());
        }
        writer.applyTimes(path, e.atimeNanos(), e.mtimeNanos());
    }

    /** The hard link's target inside the root; its last component is not followed, so a symlink links as itself. */
    private Path hardLinkTarget(LayerEntry e, Path path) throws IOException {
        TarName name;
        try {
            name = TarName.parse(e.linkName());
        } catch (BerthException ex) {
            throw BerthException.wrap("hard link target \"" + e.linkName() + "\"", ex);
        }
        if (name.isRoot()) {
            throw BerthException.invalid("hard link to the root");
        }
        Path target;
        try {
            target = resolver.locate(name);
        } catch (BerthException ex) {
            throw BerthException.wrap("hard link target \"" + e.linkName() + "\"", ex);
        }
        Optional<BasicFileAttributes> attrs = NoFollow.lstat(target);
        if (attrs.isEmpty()) {
            throw BerthException.invalid("hard link target \"" + e.linkName() + "\" does not exist in the root");
        }
        if (attrs.get().isDirectory()) {
            throw BerthException.invalid("hard link target \"" + e.linkName() + "\" is a directory");
        }
        if (target.equals(path)) {
            throw BerthException.invalid("hard link to itself");
        }
        return target;
    }

    /**
     * Sets directory modes and times now that nothing more is written into them, deepest first so that a directory
     * made unsearchable does not hide its subdirectories. Each name is resolved again and must still be the same
     * directory inode: a later entry may have replaced it, even by a symlink that chmod would follow.
     */
    private void finishDirectories() {
        List<PendingDirectory> pending = new ArrayList<>(directories.values());
        pending.sort(Comparator.comparingInt((PendingDirectory d) -> d.name().depth()).reversed());
        for (PendingDirectory d : pending) {
            try {
                Path path = resolver.locate(d.name());
                Optional<BasicFileAttributes> now = NoFollow.lstat(path);
                if (now.isPresent() && now.get().isDirectory() && d.fileKey().equals(now.get().fileKey())) {
                    writer.applyMode(path, d.mode());
                    writer.applyTimes(path, d.atimeNanos(), d.mtimeNanos());
                }
            } catch (BerthException ex) {
                // Its name no longer resolves inside the root: the directory was replaced, nothing to finish.
            } catch (IOException ex) {
                throw BerthException.io("directory \"" + d.name() + "\"", ex);
            }
        }
    }

    private static String context(LayerEntry e) {
        return "entry \"" + e.rawName() + "\"";
    }
}
