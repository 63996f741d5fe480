package dev.berth.bench;

import dev.berth.oci.layer.ApplyOptions;
import dev.berth.oci.layer.CompressionStreams;
import dev.berth.oci.layer.LayerApplier;
import dev.berth.oci.spec.Compression;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.Descriptor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Layer apply of the multi-layer test image's largest layer by {@link LayerApplier} against GNU tar extracting the same
 * bytes, in the same run: {@code berth*} and {@code gnuTar*} with the same {@code compression}. bench/run.sh turns
 * the times into MB/s of uncompressed tar and the ratio. Needs {@code bench.images} (scripts/make-test-images.sh).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LayerApplyBench {
    @Param({"NONE", "GZIP"})
    public Compression compression;

    Path work;
    Path blob;
    Path target;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        Path layout = Path.of(System.getProperty("bench.images", "target/test-images"), "multi-layer");
        Path blobs = layout.resolve("blobs/sha256");
        Index index = Index.parse(Files.readAllBytes(layout.resolve("index.json")), Optional.empty());
        Descriptor top = index.manifests().getFirst();
        Manifest manifest = Manifest.parse(Files.readAllBytes(blobs.resolve(top.digest().encoded())),
                Optional.of(top.mediaType()));
        Descriptor largest = manifest.layers().stream().max(Comparator.comparingLong(Descriptor::size)).orElseThrow();
        Path gzip = blobs.resolve(largest.digest().encoded());
        work = Files.createTempDirectory("berth-bench-apply");
        blob = work.resolve(compression == Compression.GZIP ? "layer.tar.gz" : "layer.tar");
        try (InputStream in = CompressionStreams.decompress(new BufferedInputStream(Files.newInputStream(gzip)),
                compression == Compression.GZIP ? Compression.NONE : Compression.GZIP);
                OutputStream out = Files.newOutputStream(blob)) {
            in.transferTo(out);
        }
        System.out.println("layer " + largest.digest().shortId() + ": " + Files.size(blob) + " bytes " + compression);
    }

    @Setup(Level.Invocation)
    public void freshTarget() throws IOException {
        target = Files.createDirectory(work.resolve("t" + System.nanoTime()));
    }

    @TearDown(Level.Invocation)
    public void removeTarget() throws IOException, InterruptedException {
        new ProcessBuilder("rm", "-rf", target.toString()).inheritIO().start().waitFor();
    }

    @TearDown(Level.Trial)
    public void cleanUp() throws IOException, InterruptedException {
        new ProcessBuilder("rm", "-rf", work.toString()).inheritIO().start().waitFor();
    }

    @Benchmark
    public Object berthApply() throws IOException {
        try (InputStream in = Files.newInputStream(blob)) {
            return LayerApplier.apply(in, compression, target, ApplyOptions.defaults());
        }
    }

    @Benchmark
    public int gnuTarExtract() throws IOException, InterruptedException {
        String flags = compression == Compression.GZIP ? "-xzf" : "-xf";
        return new ProcessBuilder("tar", "--numeric-owner", "--same-owner", "-p", "--xattrs", "--xattrs-include=*",
                flags, blob.toString(), "-C", target.toString()).inheritIO().start().waitFor();
    }
}
