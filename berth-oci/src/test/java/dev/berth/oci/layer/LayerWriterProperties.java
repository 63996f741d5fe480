package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.spec.Compression;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class LayerWriterProperties {
    @Property(tries = 40)
    void gnuTarExtractsExactlyWhatWasWritten(@ForAll("trees") RandomTree tree, @ForAll Compression compression)
            throws Exception {
        Path dir = Files.createTempDirectory("berth-layer-prop");
        try {
            Path src = Files.createDirectories(dir.resolve("src"));
            tree.createIn(src).forEach(n -> Statistics.label("entries").collect(n.kind()));
            Path blob = dir.resolve("layer");
            LayerDigests digests;
            try (OutputStream out = Files.newOutputStream(blob)) {
                digests = new LayerWriter(LayerWriteOptions.preserve()).write(src, compression, out);
            }
            assertThat(digests.digest()).isEqualTo(LayerTestTree.digestOf(blob));

            Path extracted = Files.createDirectories(dir.resolve("out"));
            String codec = switch (compression) {
                case NONE -> "--no-auto-compress";
                case GZIP -> "--gzip";
                case ZSTD -> "--zstd";
            };
            ExternalTools.run("tar", codec, "--xattrs", "--xattrs-include=*", "--numeric-owner", "-xpf",
                    blob.toString(), "-C", extracted.toString());
            assertThat(LayerTestTree.describe(extracted)).isEqualTo(LayerTestTree.describe(src));
        } finally {
            ExternalTools.run("rm", "-rf", dir.toString());
        }
    }

    @Provide
    Arbitrary<RandomTree> trees() {
        return RandomTree.arbitrary();
    }
}
