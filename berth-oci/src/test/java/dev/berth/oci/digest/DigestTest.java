package dev.berth.oci.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
    static final String EMPTY_SHA256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void sha256_ofEmpty_isTheWellKnownValue() {
        assertThat(Digest.sha256(new byte[0])).hasToString(EMPTY_SHA256);
    }

    @Test
    void parse_roundTripsWireForm() {
        Digest d = Digest.parse(EMPTY_SHA256);
        assertThat(d.algorithm()).isEqualTo(DigestAlgorithm.SHA256);
        assertThat(d.shortId()).isEqualTo("e3b0c44298fc");
        assertThat(Digest.parse(d.toString())).isEqualTo(d);
    }

    @Test
    void sha512_isAccepted() {
        Digest d = Digest.of(DigestAlgorithm.SHA512, DigestAlgorithm.SHA512.newMessageDigest().digest());
        assertThat(d.encoded()).hasSize(128);
        assertThat(Digest.parse(d.toString())).isEqualTo(d);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "sha256", "sha256:", ":abc", "md5:d41d8cd98f00b204e9800998ecf8427e",
        "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555",
        "sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    })
    void parse_refusesMalformed(String text) {
        assertThatThrownBy(() -> Digest.parse(text))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("digest");
        assertThat(Digest.isValid(text)).isFalse();
    }

    @Test
    void digester_matchesOneShot() {
        byte[] data = "hello berth".getBytes();
        Digester d = Digester.sha256();
        d.update(data, 0, 5);
        d.update(data, 5, data.length - 5);
        assertThat(d.size()).isEqualTo(data.length);
        assertThat(d.digest()).isEqualTo(Digest.sha256(data));
    }
}
