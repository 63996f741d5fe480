package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.spec.Compression;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** directory → {@link LayerWriter} → {@link LayerApplier} → the same tree, for every compression. */
class LayerRoundTripProperties {
    @Property(tries = 60)
    void writeThenApply_yieldsAnIdenticalTree(@ForAll("trees") RandomTree tree, @ForAll Compression compression)
            throws Exception {
        Path dir = Files.createTempDirectory("berth-layer-roundtrip");
        try {
            Path src = Files.createDirectories(dir.resolve("src"));
            tree.createIn(src);
            Path blob = dir.resolve("layer");
            LayerDigests written;
            try (OutputStream out = Files.newOutputStream(blob)) {
                written = new LayerWriter(LayerWriteOptions.preserve()).write(src, compression, out);
            }
            Path out = Files.createDirectories(dir.resolve("out"));
            LayerDigests applied;
            try (InputStream in = Files.newInputStream(blob)) {
                applied = LayerApplier.apply(in, compression, out, ApplyOptions.defaults()
                        .withExpectedDigest(written.digest()).withExpectedDiffId(written.diffId()));
            }
            assertThat(applied).isEqualTo(written);
            assertThat(LayerTestTree.describe(out)).isEqualTo(withoutTrustedXattrs(LayerTestTree.describe(src)));
        } finally {
            ExternalTools.run("rm", "-rf", dir.toString());
        }
    }

    /** The applier keeps trusted.* xattrs out of the tree (a layer could otherwise forge overlay metadata). */
    private static SortedMap<String, String> withoutTrustedXattrs(SortedMap<String, String> tree) {
        SortedMap<String, String> out = new TreeMap<>();
        tree.forEach((path, line) -> out.put(path, line.replaceAll(" trusted\\.[^=]*=[0-9a-f]*", "")));
        return out;
    }

    @Provide
    Arbitrary<RandomTree> trees() {
        return RandomTree.arbitrary();
    }
}
