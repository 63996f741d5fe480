/**
 * {@code docker pull}: {@link dev.berth.client.pull.Puller} and its progress messages
 * {@link dev.berth.client.pull.PullEvent}, and the SPI through which a daemon receives the image.
 *
 * <h2>What a daemon implements</h2>
 * {@link dev.berth.client.pull.PullTarget}: a {@link dev.berth.oci.content.ContentStore} (berth-oci's
 * {@code LocalContentStore} does), a {@link dev.berth.client.pull.LayerStore} (unpacked layer directories by chain
 * ID; {@link dev.berth.client.pull.DirectoryLayerStore} is a ready one) and
 * {@link dev.berth.client.pull.PullTarget#register} (name → image, in the daemon's image metadata).
 *
 * <h2>How a layer travels</h2>
 * <pre>
 * registry ──GET (Range: bytes=N- on resume)──▶ ProgressStream ──▶ LayerUnpacker (berth-oci)
 *                                                                 ├─ tee ─▶ content store ingest unpack-&lt;digest&gt; ─▶ blob
 *                                                                 └─ digest ▶ gunzip ▶ diff_id ▶ tar ▶ staging dir
 *                                                                                         └─ LayerStore: rename ▶ &lt;chain id&gt;
 * </pre>
 * One pass, nothing in memory or in a temporary tarball. A cut connection keeps the ingest (the next attempt, in this
 * pull or a later one, replays it from disk and asks only for the rest); wrong bytes discard it and the staging dir.
 */
package dev.berth.client.pull;
