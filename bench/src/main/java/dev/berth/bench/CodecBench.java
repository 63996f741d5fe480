package dev.berth.bench;

import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.digest.Digester;
import dev.berth.oci.layer.CompressionStreams;
import dev.berth.oci.spec.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Digest and decompression throughput over 64 MiB of half-compressible data; each op processes the whole buffer,
 * so MB/s = 64 × 1.048576 / (s/op); {@code tool*} run gzip, zstd and sha256sum on the same bytes in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CodecBench {
    static final int SIZE = 64 << 20;

    @Param({"GZIP", "ZSTD"})
    public Compression compression;

    byte[] plain;
    byte[] compressed;
    java.nio.file.Path plainFile;
    java.nio.file.Path compressedFile;
    final byte[] buffer = new byte[1 << 16];

    @Setup
    public void setUp() throws IOException {
        plain = halfCompressible(SIZE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = CompressionStreams.compress(bytes, compression)) {
            out.write(plain);
        }
        compressed = bytes.toByteArray();
        plainFile = java.nio.file.Files.createTempFile("berth-bench", ".bin");
        compressedFile = java.nio.file.Files.createTempFile("berth-bench", compression == Compression.GZIP ? ".gz" : ".zst");
        java.nio.file.Files.write(plainFile, plain);
        java.nio.file.Files.write(compressedFile, compressed);
    }

    @org.openjdk.jmh.annotations.TearDown
    public void tearDown() throws IOException {
        java.nio.file.Files.deleteIfExists(plainFile);
        java.nio.file.Files.deleteIfExists(compressedFile);
    }

    /** The reference: gzip -dc / zstd -dc of the same bytes (from the page cache) to /dev/null. */
    @Benchmark
    public int toolDecompress() throws IOException, InterruptedException {
        String tool = compression == Compression.GZIP ? "gzip" : "zstd";
        return new ProcessBuilder(tool, "-dc", compressedFile.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    /** The reference: coreutils sha256sum of the same bytes. */
    @Benchmark
    public int toolSha256() throws IOException, InterruptedException {
        return new ProcessBuilder("sha256sum", plainFile.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    /** Random bytes interleaved with runs of text: compresses about 2:1, like binaries in image layers. */
    static byte[] halfCompressible(int size) {
        byte[] data = new byte[size];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < size; i += 4096) {
            if ((i / 4096) % 2 == 0) {
                for (int j = i; j < Math.min(size, i + 4096); j++) {
                    data[j] = (byte) random.nextInt(256);
                }
            } else {
                for (int j = i; j < Math.min(size, i + 4096); j++) {
                    data[j] = (byte) ("berth layer " .charAt(j % 12));
                }
            }
        }
        return data;
    }

    @Benchmark
    public long decompress() throws IOException {
        long total = 0;
        try (InputStream in = CompressionStreams.decompress(new ByteArrayInputStream(compressed), compression)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
            }
        }
        return total;
    }

    @Benchmark
    public Object sha256() {
        Digester d = new Digester(DigestAlgorithm.SHA256);
        d.update(plain, 0, plain.length);
        return d.digest();
    }
}
