package dev.berth.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class EscapeProxyTest {
    private static final byte[] CTRL_P_Q = {16, 17};

    private static String drain(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[3];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void plainInput_passesThrough() throws IOException {
        assertThat(drain(new EscapeProxy(new ByteArrayInputStream("ls -l\r".getBytes()), CTRL_P_Q))).isEqualTo("ls -l\r");
    }

    @Test
    void detachSequence_endsReading_withoutPassingItOn() throws IOException {
        EscapeProxy in = new EscapeProxy(new ByteArrayInputStream(new byte[] {'a', 16, 17, 'b'}), CTRL_P_Q);
        byte[] buf = new byte[10];
        assertThat(in.read(buf)).isEqualTo(1);
        assertThat(buf[0]).isEqualTo((byte) 'a');
        assertThatThrownBy(() -> in.read(buf)).isInstanceOf(EscapeProxy.DetachException.class)
                .hasMessage("read escape sequence");
    }

    @Test
    void nearMiss_releasesTheHeldKeys() throws IOException {
        String passed = drain(new EscapeProxy(new ByteArrayInputStream(new byte[] {16, 'x', 16, 16, 'y'}), CTRL_P_Q));
        assertThat(passed.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                .containsExactly(16, 'x', 16, 16, 'y');
    }

    @Test
    void detachSequence_splitAcrossReads_isStillSeen() {
        InputStream slow = new InputStream() {
            private final byte[] data = {'z', 16, 17};
            private int at;

            @Override
            public int read() {
                return at < data.length ? data[at++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= data.length) {
                    return -1;
                }
                b[off] = data[at++];
                return 1;
            }
        };
        assertThatThrownBy(() -> drain(new EscapeProxy(slow, CTRL_P_Q))).isInstanceOf(EscapeProxy.DetachException.class);
    }

    @Test
    void parseKeys_readsDockersNotation() {
        assertThat(EscapeProxy.parseKeys("ctrl-p,ctrl-q")).containsExactly(16, 17);
        assertThat(EscapeProxy.parseKeys("ctrl-a,x,ctrl-@,ctrl-[,ctrl-_")).containsExactly(1, 'x', 0, 27, 31);
        assertThatThrownBy(() -> EscapeProxy.parseKeys("ctrl-1")).hasMessage("Unknown character: 'ctrl-1'");
        assertThatThrownBy(() -> EscapeProxy.parseKeys("ab")).hasMessage("Unknown character: 'ab'");
    }
}
