package dev.berth.oci.layer;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.berth.oci.spec.Compression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Wraps streams in the codec of a layer's {@link Compression}; gzip uses the JDK's native zlib, zstd zstd-jni. */
public final class CompressionStreams {
    private static final int BUFFER = 64 * 1024;

    private CompressionStreams() {}

    public static InputStream decompress(InputStream in, Compression compression) throws IOException {
        return switch (compression) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case ZSTD -> new BufferedInputStream(new ZstdInputStream(in), BUFFER);
        };
    }

    /** A compressing stream; closing it finishes the codec's frame and closes {@code out}. */
    public static OutputStream compress(OutputStream out, Compression compression) throws IOException {
        return switch (compression) {
            case NONE -> out;
            case GZIP -> new GZIPOutputStream(out, BUFFER);
            case ZSTD -> new ZstdOutputStream(out, 3);
        };
    }

    /** Sniffs the codec from the magic bytes at the start of {@code in}, which must support mark/reset. */
    public static Compression detect(InputStream in) throws IOException {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return Compression.GZIP;
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            return Compression.ZSTD;
        }
        return Compression.NONE;
    }
}
