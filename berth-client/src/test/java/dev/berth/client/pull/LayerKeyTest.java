package dev.berth.client.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.MediaTypes;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LayerKeyTest {
    static Descriptor blob(String s) {
        return Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(s), 1);
    }

    @Test
    void chainIds_followTheImageSpecFormula() {
        Digest d0 = Digest.sha256("l0");
        Digest d1 = Digest.sha256("l1");
        Digest d2 = Digest.sha256("l2");
        List<LayerKey> keys = LayerKey.chain(List.of(blob("a"), blob("b"), blob("c")), List.of(d0, d1, d2));
        Digest c1 = Digest.sha256(d0 + " " + d1);
        assertThat(keys).extracting(LayerKey::chainId).containsExactly(d0, c1, Digest.sha256(c1 + " " + d2));
        assertThat(keys).extracting(LayerKey::parent).containsExactly(Optional.empty(), Optional.of(d0),
                Optional.of(c1));
    }

    @Test
    void layersAndDiffIdsMustPair() {
        assertThatThrownBy(() -> LayerKey.chain(List.of(blob("a")), List.of()))
                .isInstanceOf(BerthException.class).hasMessageContaining("1 layers but 0 diff_ids");
    }
}
