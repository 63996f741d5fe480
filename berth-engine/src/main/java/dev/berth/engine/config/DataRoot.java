package dev.berth.engine.config;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.FileTree;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The daemon's directory tree; {@code docs} of the module draw it with what each part holds:
 *
 * <pre>
 * DATA_ROOT/
 * ├── berthd.pid                 the running daemon's PID; locked while it runs (one daemon per data root)
 * ├── image.db                   SQLite: images, references (tags, digests), layers
 * ├── content/                   berth-oci's content store: blobs/sha256/&lt;hex&gt; (configs, manifests, layer blobs)
 * ├── layers/sha256/&lt;chain&gt;/     one unpacked read-only layer per chain ID, whiteouts in overlayfs form
 * ├── containers/&lt;id&gt;/           one container's record (container.json) and log (container.log); its runtime
 *                                state is kept apart, on a tmpfs ({@link RuntimeStateDir})
 * ├── mountpoints/&lt;id&gt;.json    one container's binds, volumes and tmpfs mounts (VolumeHook; none without)
 * ├── snapshots/&lt;id&gt;/            one container's writable layer and root file system mount point
 * ├── run/                       an empty layer (images without layers) and shareable IPC mounts (shm/)
 * ├── tmp/                       staging (layers being unpacked, uploads) and removed containers' trees being deleted
 *                                (Discard); emptied at start; chattr +T
 * └── volumes/&lt;name&gt;/_data       local volumes (VolumeStore)
 * </pre>
 */
public record DataRoot(Path root) {
    public DataRoot {
        Objects.requireNonNull(root, "root");
        root = root.toAbsolutePath().normalize();
    }

    public Path pidFile() {
        return root.resolve("berthd.pid");
    }

    public Path imageDb() {
        return root.resolve("image.db");
    }

    public Path content() {
        return root.resolve("content");
    }

    public Path layers() {
        return root.resolve("layers");
    }

    /** The local volumes: {@code volumes/NAME/_data} as docker's (see {@code VolumeStore}). */
    public Path volumes() {
        return root.resolve("volumes");
    }

    /** Each container's mount points (binds, volumes, tmpfs): {@code mountpoints/ID.json}. */
    public Path mountPoints() {
        return root.resolve("mountpoints");
    }

    public Path containers() {
        return root.resolve("containers");
    }

    public Path snapshots() {
        return root.resolve("snapshots");
    }

    /** An empty layer for images without layers, and the shareable IPC namespaces' mounts. */
    public Path run() {
        return root.resolve("run");
    }

    public Path tmp() {
        return root.resolve("tmp");
    }

    /** Creates the directories and empties {@code tmp/} of what a previous run left. */
    public void prepare() {
        try {
            Files.createDirectories(root);
            Files.createDirectories(content());
            Files.createDirectories(layers());
            if (Files.exists(tmp())) {
                FileTree.delete(tmp());
            }
            Files.createDirectories(tmp());
            // Each layer is unpacked into a new directory here: spread, its thousands of files are not allocated
            // among the inodes of the layers just removed (see Syscalls.spreadSubdirectories).
            Syscalls.spreadSubdirectories(tmp());
        } catch (IOException e) {
            throw BerthException.io("prepare data root " + root, e);
        }
    }
}
