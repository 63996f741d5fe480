package dev.berth.oci.layer;

/**
 * What a layer's whiteouts (OCI image spec, layer.md "Whiteouts") become when the layer is applied to a directory.
 */
public enum WhiteoutMode {
    /**
     * Apply onto the full tree of the lower layers: {@code .wh.name} deletes {@code name}, {@code .wh..wh..opq} empties
     * its directory of everything the lower layers put there.
     */
    DELETE,
    /**
     * Unpack the layer into its own overlayfs lower directory: {@code .wh.name} becomes a character device 0/0 named
     * {@code name}, {@code .wh..wh..opq} the xattr {@code trusted.overlay.opaque=y} on its directory.
     */
    OVERLAY
}
