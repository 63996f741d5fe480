package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedFileRegionTest {
    private static final byte[] DATA = new byte[100_003];

    static {
        new Random(7).nextBytes(DATA);
    }

    @TempDir
    Path dir;

    @Test
    void transferTo_writesTheRange_aChunkAtMostPerCall_andNothingWhileTheSocketIsFull() throws Exception {
        AtomicInteger released = new AtomicInteger();
        Socket socket = new Socket(7_000); // takes 7 000 bytes, then nothing until drained, as a socket buffer
        MappedFileRegion region = new MappedFileRegion(open(), 11, 90_000, 4096, ReaderAffinity.NONE,
                released::incrementAndGet);

        int full = 0;
        while (region.transferred() < region.count()) {
            long before = region.transferred();
            long n = region.transferTo(socket, region.transferred());
            assertThat(n).isEqualTo(region.transferred() - before).isBetween(0L, 4096L);
            if (n == 0) {
                full++;
                socket.drain();
            }
        }
        assertThat(socket.bytes()).isEqualTo(Arrays.copyOfRange(DATA, 11, 90_011));
        assertThat(full).isEqualTo(90_000 / 7_000);
        assertThat(region.transferTo(socket, region.transferred())).isZero();

        assertThat(region.release()).isTrue();
        assertThat(released).hasValue(1);
    }

    @Test
    void transferTo_failsWithEof_whenTheFileIsShorterThanTheRegion() throws Exception {
        AtomicInteger released = new AtomicInteger();
        MappedFileRegion region = new MappedFileRegion(open(), 100_000, 10, 4096, ReaderAffinity.NONE,
                released::incrementAndGet);
        assertThatThrownBy(() -> region.transferTo(new Socket(1 << 20), 0))
                .isInstanceOf(EOFException.class)
                .hasMessage("file ends at byte 100003, before the 100010 to send");
        region.release();
        assertThat(released).hasValue(1);
    }

    @Test
    void aFileCutShortUnderTheMapping_failsTheWrite_notTheProcess() throws Exception {
        Path file = dir.resolve("cut");
        Files.write(file, DATA);
        MappedFileRegion region = new MappedFileRegion(FileChannel.open(file, StandardOpenOption.READ), 0,
                DATA.length, 4096, ReaderAffinity.NONE, () -> { });
        Pipe pipe = Pipe.open(); // a kernel write from the mapping, as to a socket
        try (Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
            assertThat(region.transferTo(sink, 0)).isEqualTo(4096);
            try (FileChannel cut = FileChannel.open(file, StandardOpenOption.WRITE)) {
                cut.truncate(0);
            }
            assertThatThrownBy(() -> region.transferTo(sink, region.transferred())).isInstanceOf(IOException.class)
                    .hasMessageContaining("Bad address");
        } finally {
            region.release();
        }
    }

    @Test
    void release_beforeAnyTransfer_closesTheFile_andRunsTheHookOnce() throws Exception {
        AtomicInteger released = new AtomicInteger();
        FileChannel file = open();
        MappedFileRegion region = new MappedFileRegion(file, 0, 10, 4096, ReaderAffinity.NONE,
                released::incrementAndGet);
        region.release();
        assertThat(file.isOpen()).isFalse();
        assertThat(released).hasValue(1);
        assertThatThrownBy(() -> region.transferTo(new Socket(100), 0)).hasMessageContaining("already released");
    }

    @Test
    void anEmptyRegion_transfersNothing() throws Exception {
        MappedFileRegion region = new MappedFileRegion(open(), 0, 0, 4096, ReaderAffinity.NONE, () -> { });
        assertThat(region.transferTo(new Socket(100), 0)).isZero();
        region.release();
    }

    private FileChannel open() throws Exception {
        Path file = dir.resolve("blob");
        if (!Files.exists(file)) {
            Files.write(file, DATA);
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    /** A channel that takes up to {@code room} bytes, then nothing until drained. */
    private static final class Socket implements WritableByteChannel {
        private final int size;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int room;

        Socket(int size) {
            this.size = size;
            this.room = size;
        }

        void drain() {
            room = size;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(room, src.remaining());
            byte[] b = new byte[n];
            src.get(b);
            out.writeBytes(b);
            room -= n;
            return n;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
