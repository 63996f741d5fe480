package dev.berth.engine.snapshot;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Container root file systems built from an image's unpacked layers (after containerd's {@code Snapshotter}).
 *
 * <p>Lifecycle: {@link #create} makes the container layer of container {@code id} — a new, empty, writable directory
 * over the image's read-only layer directories — and mounts the merged view at {@link ContainerLayer#rootfs()}; the
 * runtime then uses that directory as the bundle's root. The mount and the layer outlive this object and the daemon
 * process: a daemon started later gets the layer back with {@link #find} (and {@link #mount} puts the view back
 * after a host reboot). {@link #remove} unmounts and deletes the container layer with everything written into it;
 * the image layers below are never written.
 */
public interface Snapshotter {
    /** The driver name Docker shows ({@code overlay2}-like {@code overlayfs}, or {@code vfs}). */
    String name();

    /**
     * Creates and mounts the container layer of {@code id} over {@code lowers} (image layer directories in overlay
     * form, topmost first, as {@code lowerdir=} takes them). Fails with ALREADY_EXISTS if {@code id} has one; on any
     * failure nothing is left behind.
     */
    default ContainerLayer create(String id, List<Path> lowers) {
        return create(id, lowers, false);
    }

    /**
     * {@link #create(String, List)}; when {@code ephemeral}, the layer is deleted whatever becomes of the host (an
     * AutoRemove container's: a daemon restarted after a crash removes it), so what is written to it need not
     * survive a crash, and the file system may skip the syncs that make it survive one.
     */
    ContainerLayer create(String id, List<Path> lowers, boolean ephemeral);

    /** The container layer of {@code id}, if it exists. */
    Optional<ContainerLayer> find(String id);

    /** Mounts the root file system of {@code id} if it is not mounted (a no-op when it is). */
    void mount(String id);

    /** Unmounts and deletes the container layer of {@code id}; a no-op when there is none. */
    void remove(String id);

    /** The ids of all container layers. */
    List<String> list();
}
