package dev.berth.oci.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FifoReaderTest {
    @TempDir
    Path dir;

    @Test
    void read_tellsNoWriterFromWriterWithNothingYet_andReadsWhatWasWrittenBeforeTheEnd() throws IOException {
        Path fifo = dir.resolve("fifo");
        Syscalls.mknod(fifo, Syscalls.S_IFIFO, 0600, 0);
        byte[] buf = new byte[8];
        try (FifoReader reader = FifoReader.open(fifo)) {
            assertThat(reader.read(buf)).as("no writer came yet").isZero();
            // A blocking open for writing returns at once: the fifo has its reader.
            try (OutputStream writer = new FileOutputStream(fifo.toFile())) {
                assertThat(reader.read(buf)).isEqualTo(FifoReader.NOTHING_YET);
                writer.write('0');
                writer.flush();
                assertThat(reader.read(buf)).isEqualTo(1);
                assertThat(buf[0]).isEqualTo((byte) '0');
                writer.write(new byte[] {'a', 'b'});
            }
            assertThat(reader.read(buf)).as("written before the writer closed").isEqualTo(2);
            assertThat(reader.read(buf)).as("the writer closed").isZero();
        }
    }

    @Test
    void open_letsAWriterBlockedInItsOpenGoOn() throws Exception {
        Path fifo = dir.resolve("fifo");
        Syscalls.mknod(fifo, Syscalls.S_IFIFO, 0600, 0);
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
            try (OutputStream writer = new FileOutputStream(fifo.toFile())) {
                writer.write('0');
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(50); // the writer waits in its open meanwhile: a fifo's open for writing needs a reader
        assertThat(written).isNotDone();
        try (FifoReader reader = FifoReader.open(fifo)) {
            written.get(10, TimeUnit.SECONDS);
            byte[] buf = new byte[8];
            assertThat(reader.read(buf)).isEqualTo(1);
            assertThat(reader.read(buf)).isZero();
        }
    }

    @Test
    void open_reportsAMissingFifo() {
        Path missing = dir.resolve("none");
        assertThatThrownBy(() -> FifoReader.open(missing)).isInstanceOf(ErrnoException.class)
                .hasMessageContaining("open " + missing).hasMessageContaining("No such file or directory");
    }
}
