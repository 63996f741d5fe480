package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.registry.testing.HostAddresses;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

@Isolated // the copy slots are the process's
class FileTransferTest {
    private static final InetSocketAddress NETWORK = peer("192.0.2.7");
    private static final InetSocketAddress LOOPBACK = peer("127.0.0.1");

    @TempDir
    Path dir;

    @Test
    void networkPeers_getSendfile_tlsPeers_getTlsChunks_loopbackPeers_getCopies() {
        assertThat(FileTransfer.choose(NETWORK, false)).isEqualTo(FileTransfer.SENDFILE);
        assertThat(FileTransfer.choose(NETWORK, true)).isEqualTo(FileTransfer.TLS_CHUNKS);
        assertThat(FileTransfer.choose(LOOPBACK, true)).isEqualTo(FileTransfer.TLS_CHUNKS);
        assertThat(FileTransfer.choose(LOOPBACK, false)).isEqualTo(FileTransfer.COPY);
        FileTransfer.freeCopySlot();
        assertThat(FileTransfer.choose(peer("::1"), false)).isEqualTo(FileTransfer.COPY);
        FileTransfer.freeCopySlot();
    }

    @Test
    void content_isAZeroCopyFileRegionForNetworkPeers() throws Exception {
        try (FileChannel file = open()) {
            Object region = FileTransfer.content(NETWORK, false, file, 10, 100, ReaderAffinity.NONE);
            assertThat(region).isInstanceOf(DefaultFileRegion.class);
            assertThat(((DefaultFileRegion) region).count()).isEqualTo(100);
            ((DefaultFileRegion) region).release();
        }
    }

    @Test
    void copies_areBounded_andFreeTheirSlotOnceWhenReleased() throws Exception {
        // Taken until the bound (a copy other tests just finished may still hold its slot for a moment).
        List<MappedFileRegion> copies = new ArrayList<>();
        Object content;
        while ((content = FileTransfer.content(LOOPBACK, false, open(), 0, 3 << 20, ReaderAffinity.NONE))
                instanceof MappedFileRegion c) {
            copies.add(c);
            assertThat(copies).hasSizeLessThanOrEqualTo(FileTransfer.MAX_COPIES);
        }
        assertThat(content).isInstanceOf(DefaultFileRegion.class);
        ((DefaultFileRegion) content).release();
        assertThat(copies).isNotEmpty();
        assertThat(FileTransfer.freeCopySlots()).isZero();
        MappedFileRegion first = copies.getFirst();
        first.retain();
        first.release();
        assertThat(FileTransfer.freeCopySlots()).as("still referenced").isZero();
        first.release();
        assertThat(FileTransfer.freeCopySlots()).isEqualTo(1);
        for (MappedFileRegion c : copies.subList(1, copies.size())) {
            c.release();
        }
        assertThat(FileTransfer.freeCopySlots()).isEqualTo(copies.size());
    }

    @Test
    void tune_givesLoopbackConnectionsTheFixedSendBuffer_andLeavesOthersToAutotuning() throws Exception {
        int fixed = FileTransfer.LOOPBACK_SEND_BUFFER; // the JDK reports what was set (Linux doubles it)
        assertThat(tunedSendBuffer(InetAddress.getLoopbackAddress())).isEqualTo(fixed);
        Optional<InetAddress> own = HostAddresses.ownNonLoopbackIpv4();
        assumeTrue(own.isPresent(), "this host has no non-loopback IPv4 address");
        assertThat(tunedSendBuffer(own.get())).isNotEqualTo(fixed);
    }

    /** The send buffer of a connection accepted on {@code address} after {@link FileTransfer#tune}. */
    private static int tunedSendBuffer(InetAddress address) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(address, 0));
                SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
            NioSocketChannel accepted = new NioSocketChannel(server.accept());
            try {
                FileTransfer.tune(accepted);
                return accepted.config().getSendBufferSize();
            } finally {
                accepted.unsafe().closeForcibly();
            }
        }
    }

    private FileChannel open() throws Exception {
        Path file = dir.resolve("blob");
        if (!Files.exists(file)) {
            Files.write(file, new byte[3 << 20]);
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    private static InetSocketAddress peer(String address) {
        try {
            return new InetSocketAddress(InetAddress.getByName(address), 40000);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
