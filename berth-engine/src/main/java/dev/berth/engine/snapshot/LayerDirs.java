package dev.berth.engine.snapshot;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The on-disk state of one container layer, shared by both snapshotters:
 * <pre>
 * ROOT/ID/
 *   lowers    image layer directories, topmost first, one per line (written last: its presence marks a complete layer)
 *   rootfs/   the merged view (overlay mount point; vfs: the copied tree itself)
 *   upper/    overlay: what the container wrote
 *   work/     overlay: overlayfs' work directory
 * </pre>
 */
record LayerDirs(Path root, String id) {
    LayerDirs {
        ContainerIds.check(id);
    }

    Path dir() {
        return root.resolve(id);
    }

    Path rootfs() {
        return dir().resolve("rootfs");
    }

    Path upper() {
        return dir().resolve("upper");
    }

    Path work() {
        return dir().resolve("work");
    }

    Path lowersFile() {
        return dir().resolve("lowers");
    }

    /** Creates the layer's directory; ALREADY_EXISTS when the container has a layer already. */
    void createNew() {
        try {
            Files.createDirectory(dir());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new BerthException(dev.berth.oci.error.ErrorKind.ALREADY_EXISTS,
                    "create container layer " + id + ": exists already");
        } catch (IOException e) {
            throw BerthException.io("create container layer " + id, e);
        }
    }

    boolean complete() {
        return Files.isRegularFile(lowersFile());
    }

    /** Records the lower directories, atomically: a layer without this file is a leftover of a crash. */
    void writeLowers(List<Path> lowers) {
        Path tmp = dir().resolve("lowers.tmp");
        try {
            StringBuilder text = new StringBuilder();
            lowers.forEach(l -> text.append(l).append('\n'));
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, lowersFile(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw BerthException.io("record lower layers of container " + id, e);
        }
    }

    List<Path> readLowers() {
        try {
            return Files.readAllLines(lowersFile(), StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isEmpty()).map(Path::of).toList();
        } catch (IOException e) {
            throw BerthException.io("read lower layers of container " + id, e);
        }
    }

    /**
     * Deletes the whole directory of this layer, through {@code discard}. Refuses while anything is still mounted
     * below it: deleting through a mount would delete the image layers' files or the host's.
     */
    void delete(Discard discard) {
        List<Path> mounts = MountTable.mountsUnder(dir());
        if (!mounts.isEmpty()) {
            throw new BerthException(dev.berth.oci.error.ErrorKind.FAILED_PRECONDITION,
                    "remove container layer " + id + ": still mounted: " + mounts);
        }
        discard.tree(dir());
    }
}
