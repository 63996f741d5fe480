package dev.berth.oci.spec;

/** How a layer tar is compressed on the wire. */
public enum Compression {
    NONE,
    GZIP,
    ZSTD
}
