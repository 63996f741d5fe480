/**
 * Container root file systems: {@code image.LayerStore} unpacks each image layer once, in overlay form, into a
 * directory keyed by its chain id; a {@link dev.berth.engine.snapshot.Snapshotter} makes a container's writable layer
 * over those directories — {@link dev.berth.engine.snapshot.OverlaySnapshotter} (overlayfs, mounted
 * with {@code mount(2)} or, past a page of options, the file-system context API) or
 * {@link dev.berth.engine.snapshot.VfsSnapshotter} (full copies, where overlayfs is unavailable).
 */
package dev.berth.engine.snapshot;
