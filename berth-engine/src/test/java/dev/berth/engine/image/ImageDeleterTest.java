package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.Reference;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker's {@code isSingleReference} and {@code isImageIDPrefix}, which decide untag vs delete vs conflict. */
class ImageDeleterTest {
    private static final Digest ID = Digest.sha256("image");

    private static ImageRef ref(String name) {
        return new ImageRef(Reference.parse(name), ID, Instant.EPOCH);
    }

    @Test
    void singleReference_isOneTag_plusDigestsOfItsRepository() {
        String digest = "@" + Digest.sha256("m");
        assertThat(ImageDeleter.isSingleReference(List.of())).isFalse();
        assertThat(ImageDeleter.isSingleReference(List.of(ref("busybox:latest")))).isTrue();
        assertThat(ImageDeleter.isSingleReference(List.of(ref("busybox:latest"), ref("busybox" + digest)))).isTrue();
        assertThat(ImageDeleter.isSingleReference(List.of(ref("busybox:latest"), ref("other" + digest)))).isFalse();
        assertThat(ImageDeleter.isSingleReference(List.of(ref("busybox:latest"), ref("busybox:1")))).isFalse();
        assertThat(ImageDeleter.isSingleReference(List.of(ref("busybox" + digest), ref("other" + digest)))).isFalse();
    }

    @Test
    void idPrefix_withOrWithoutAlgorithm() {
        assertThat(ImageDeleter.isIdPrefix(ID, ID.encoded().substring(0, 12))).isTrue();
        assertThat(ImageDeleter.isIdPrefix(ID, ID.toString())).isTrue();
        assertThat(ImageDeleter.isIdPrefix(ID, "busybox")).isFalse();
    }
}
