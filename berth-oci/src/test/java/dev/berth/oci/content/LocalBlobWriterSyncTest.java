package dev.berth.oci.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.berth.oci.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BlobWriter#syncWritten} from another thread while writes go on, and after the writer ended. */
class LocalBlobWriterSyncTest {
    @TempDir
    Path root;

    @Test
    void syncWritten_concurrentWithWrites_thenCommit_andANoOpOnceEnded() {
        LocalContentStore store = LocalContentStore.open(root);
        byte[] chunk = "0123456789".repeat(1000).getBytes(StandardCharsets.UTF_8);
        BlobWriter writer = store.writer("sync", Optional.empty(), OptionalLong.empty());
        java.security.MessageDigest sha = dev.berth.oci.digest.DigestAlgorithm.SHA256.newMessageDigest();
        for (int i = 0; i < 50; i++) {
            writer.write(chunk);
            sha.update(chunk);
            CompletableFuture.runAsync(writer::syncWritten).join();
        }
        Digest expected = Digest.of(dev.berth.oci.digest.DigestAlgorithm.SHA256, sha.digest());
        assertThat(writer.commit(expected, 50L * chunk.length).digest()).isEqualTo(expected);
        assertThatCode(writer::syncWritten).doesNotThrowAnyException();
        assertThat(store.info(expected)).isPresent();
    }
}
