package dev.berth.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamFramesTest {
    private static byte[] frame(int stream, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[8 + p.length];
        f[0] = (byte) stream;
        f[4] = (byte) (p.length >>> 24);
        f[5] = (byte) (p.length >>> 16);
        f[6] = (byte) (p.length >>> 8);
        f[7] = (byte) p.length;
        System.arraycopy(p, 0, f, 8, p.length);
        return f;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void frames_goToTheirStreams() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StreamFrames.copy(new ByteArrayInputStream(concat(frame(1, "out 1\n"), frame(2, "err\n"), frame(1, "out 2\n"),
                frame(1, ""), frame(2, "x".repeat(70_000)))), out, err);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out 1\nout 2\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("err\n" + "x".repeat(70_000));
    }

    @Test
    void truncatedFrame_isAnError() {
        byte[] whole = frame(1, "hello");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 2);
        assertThatThrownBy(() -> StreamFrames.copy(new ByteArrayInputStream(cut), new ByteArrayOutputStream(),
                new ByteArrayOutputStream())).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> StreamFrames.copy(new ByteArrayInputStream(new byte[] {1, 0, 0}),
                new ByteArrayOutputStream(), new ByteArrayOutputStream())).isInstanceOf(EOFException.class);
    }

    @Test
    void unknownStream_isAnError() {
        assertThatThrownBy(() -> StreamFrames.copy(new ByteArrayInputStream(frame(7, "?")), new ByteArrayOutputStream(),
                new ByteArrayOutputStream())).hasMessage("Unrecognized input header: 7");
    }
}
