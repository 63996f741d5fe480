package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }

    @Test
    void passesEveryByteInOrder_acrossManyChunks() throws IOException {
        byte[] data = random(ReadAhead.CHUNK * (ReadAhead.CHUNKS + 3) + 123);
        try (ReadAhead in = new ReadAhead(new ByteArrayInputStream(data))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void rethrowsTheSourcesFailure_afterTheBytesBeforeIt_keepingItsType() throws IOException {
        byte[] data = random(1000);
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(data), new InputStream() {
            @Override
            public int read() {
                throw BerthException.corrupted("bad bytes");
            }
        });
        try (ReadAhead in = new ReadAhead(failing)) {
            assertThat(in.readNBytes(1000)).isEqualTo(data);
            assertThatThrownBy(in::read).isInstanceOfSatisfying(BerthException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.DATA_CORRUPTED));
        }
    }

    @Test
    void close_stopsTheProducer_beforeTheSourceEnds() throws IOException {
        int[] reads = new int[1];
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                reads[0]++;
                return len;
            }
        };
        ReadAhead in = new ReadAhead(endless);
        assertThat(in.read()).isZero();
        in.close();
        int after = reads[0];
        assertThat(after).isLessThanOrEqualTo(ReadAhead.CHUNKS + 2);
        assertThat(reads[0]).isEqualTo(after);
    }
}
