package dev.berth.oci.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** However a blob's bytes are split across writes and resumed writers, the committed blob is those bytes. */
class LocalContentStoreResumeTest {
    @Property(tries = 60)
    void anySplitAcrossResumedWriters_commitsTheSameBlob(
            @ForAll @Size(max = 200_000) byte[] content,
            @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 200_000) Integer> cuts,
            @ForAll boolean promiseUpFront) throws IOException {
        Path root = Files.createTempDirectory("resume-property");
        try {
            LocalContentStore store = LocalContentStore.open(root);
            Digest digest = Digest.sha256(content);
            Optional<Digest> expected = promiseUpFront ? Optional.of(digest) : Optional.empty();
            OptionalLong size = promiseUpFront ? OptionalLong.of(content.length) : OptionalLong.empty();
            List<Integer> ends = Stream.concat(cuts.stream().map(c -> Math.min(c, content.length)),
                    Stream.of(content.length)).distinct().sorted().toList();
            int written = 0;
            for (int end : ends) {
                try (BlobWriter w = store.writer("prop", expected, size)) {
                    assertThat(w.offset()).isEqualTo(written);
                    w.write(content, written, end - written);
                    written = end;
                    if (end == content.length) {
                        assertThat(w.commit(digest, content.length).digest()).isEqualTo(digest);
                    }
                }
            }
            assertThat(ContentStoreContract.readAll(store, digest)).isEqualTo(content);
            assertThat(store.ingests()).isEmpty();
        } finally {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
