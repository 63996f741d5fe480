package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.spec.Compression;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * lower → upper (entries added, replaced and deleted) → {@link LayerDiff#between} → layer → applied on a copy of
 * lower → the upper tree: what {@code docker commit} relies on.
 */
class LayerDiffRoundTripProperties {
    @Property(tries = 40)
    void diffAppliedOnLower_yieldsUpper(@ForAll("trees") RandomTree lowerTree, @ForAll("trees") RandomTree added,
            @ForAll("picks") List<Integer> deletions, @ForAll Compression compression) throws Exception {
        Path dir = Files.createTempDirectory("berth-diff-roundtrip");
        try {
            Path lower = Files.createDirectories(dir.resolve("lower"));
            List<RandomTree.Node> lowerNodes = lowerTree.createIn(lower);
            Path upper = dir.resolve("upper");
            ExternalTools.run("cp", "-a", lower.toString(), upper.toString());
            for (int pick : deletions) {
                if (lowerNodes.isEmpty()) {
                    break;
                }
                Path victim = upper.resolve(lowerNodes.get(pick % lowerNodes.size()).path());
                if (Files.exists(victim, LinkOption.NOFOLLOW_LINKS)) {
                    ExternalTools.run("rm", "-rf", victim.toString());
                }
            }
            added.createIn(upper);

            Path blob = dir.resolve("layer");
            LayerDigests written;
            try (OutputStream out = Files.newOutputStream(blob)) {
                written = new LayerWriter(LayerWriteOptions.preserve())
                        .write(LayerDiff.between(lower, upper), compression, out);
            }
            Path target = dir.resolve("target");
            ExternalTools.run("cp", "-a", lower.toString(), target.toString());
            try (InputStream in = Files.newInputStream(blob)) {
                LayerDigests applied = LayerApplier.apply(in, compression, target, ApplyOptions.defaults()
                        .withExpectedDigest(written.digest()).withExpectedDiffId(written.diffId()));
                assertThat(applied).isEqualTo(written);
            }
            assertThat(comparable(LayerTestTree.describe(target))).isEqualTo(comparable(LayerTestTree.describe(upper)));
        } finally {
            ExternalTools.run("rm", "-rf", dir.toString());
        }
    }

    /**
     * The applier keeps trusted.* xattrs out of the tree, but lower was copied with them. A directory whose only
     * change is its mtime is not a change, as in containerd's double walk (creating or deleting entries touches
     * it), so directory mtimes are left out; parents of changes carry upper's mtime, which LayerDiffTest checks.
     * Likewise a file equal in content and metadata is unchanged even when it stopped being a hard link of another.
     */
    private static SortedMap<String, String> comparable(SortedMap<String, String> tree) {
        SortedMap<String, String> out = new TreeMap<>();
        tree.forEach((path, line) -> {
            String kept = line.replaceAll(" trusted\\.[^=]*=[0-9a-f]*", "").replaceAll(" inode-of=.*$", "");
            out.put(path, kept.startsWith("DIRECTORY ") ? kept.replaceFirst(" mtime=\\S+", "") : kept);
        });
        return out;
    }

    @Provide
    Arbitrary<RandomTree> trees() {
        return RandomTree.arbitrary();
    }

    @Provide
    Arbitrary<List<Integer>> picks() {
        return Arbitraries.integers().between(0, 1000).list().ofMaxSize(4);
    }
}
