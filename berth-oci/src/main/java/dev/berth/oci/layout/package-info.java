/**
 * Images on disk and in archives: {@link dev.berth.oci.layout.OciLayout} (an OCI image layout directory, tags in
 * {@code index.json}), {@link dev.berth.oci.layout.OciLayoutTar} (the same as one tar),
 * {@link dev.berth.oci.layout.DockerArchive} ({@code docker save} / {@code docker load} tars, legacy and OCI
 * formats), and {@link dev.berth.oci.layout.ImageBuilder}, which builds images from directories, tree diffs and
 * overlay upper directories; {@link dev.berth.oci.layout.ImageBuildMain} is its command line, used by
 * {@code scripts/make-test-images.sh}.
 */
package dev.berth.oci.layout;
