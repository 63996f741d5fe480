package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.HttpChunkedInput;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTransferTest {
    @Test
    void networkPeers_getSendfile_loopbackAndTlsPeers_getChunks() throws Exception {
        InetSocketAddress network = new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 40000);
        InetSocketAddress loopback4 = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 40000);
        InetSocketAddress loopback6 = new InetSocketAddress(InetAddress.getByName("::1"), 40000);
        assertThat(FileTransfer.to(network, false)).isEqualTo(FileTransfer.SENDFILE);
        assertThat(FileTransfer.to(network, true)).isEqualTo(FileTransfer.CHUNKED);
        assertThat(FileTransfer.to(loopback4, false)).isEqualTo(FileTransfer.CHUNKED);
        assertThat(FileTransfer.to(loopback6, false)).isEqualTo(FileTransfer.CHUNKED);
    }

    @Test
    void content_isAFileRegionForSendfile_andChunkedInputOtherwise(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("blob"), new byte[3 << 20]);
        try (FileChannel a = FileChannel.open(file, StandardOpenOption.READ);
                FileChannel b = FileChannel.open(file, StandardOpenOption.READ)) {
            Object region = FileTransfer.SENDFILE.content(a, 10, 100, false);
            assertThat(region).isInstanceOf(DefaultFileRegion.class);
            assertThat(((DefaultFileRegion) region).count()).isEqualTo(100);
            ((DefaultFileRegion) region).release();
            Object chunks = FileTransfer.CHUNKED.content(b, 0, 3 << 20, false);
            assertThat(chunks).isInstanceOf(HttpChunkedInput.class);
            assertThat(((HttpChunkedInput) chunks).length()).isEqualTo(3 << 20);
            ((HttpChunkedInput) chunks).close();
        }
    }
}
