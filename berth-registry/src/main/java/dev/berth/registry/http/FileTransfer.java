package dev.berth.registry.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.FileChannel;
import java.util.concurrent.Semaphore;

/**
 * How a blob's bytes go to the socket, chosen per response. To a peer over a network, {@link #SENDFILE}: a
 * {@code FileRegion}, i.e. {@code sendfile(2)} from the page cache, no copy in the server. Over TLS,
 * {@link #TLS_CHUNKS}, since the bytes are encrypted in user space anyway. To a peer on loopback, {@link #COPY}: a
 * {@link BufferedFileRegion} that reads the file into one 1 MiB buffer and writes it, chunk after chunk. There the
 * receiver copies every byte out of the sender's buffers, and measured on a 2-core VM, kernel 6.18, sendfile tops
 * out near 1.1 GB/s, even for a receiver that discards the bytes with {@code MSG_TRUNC}, and makes the receiver copy
 * from memory the CPU has not touched (curl then needs 1.5–2x the CPU per byte), while the copy reached 1.6–2.3 GB/s
 * (the module README's benchmark notes); writing from memory-mapped windows cost the server twice the CPU of the
 * copy on this VM (page faults). A copy holds one buffer, so at most {@link #MAX_COPIES} run at once; past that,
 * loopback peers get sendfile too.
 */
enum FileTransfer {
    SENDFILE,
    TLS_CHUNKS,
    COPY;

    /** Large enough for few system calls per blob, small enough to stay in the cache between the two copies. */
    static final int COPY_CHUNK = 1 << 20;
    /** TLS records are 16 KiB; a chunk of a few records keeps the encryption's own buffers small. */
    static final int TLS_CHUNK = 256 << 10;
    /** Bounds the copies' buffers to {@code MAX_COPIES * COPY_CHUNK} (32 MiB) whatever the clients do. */
    static final int MAX_COPIES = 32;

    private static final Semaphore COPIES = new Semaphore(MAX_COPIES);

    /**
     * The message that sends {@code length} bytes of {@code file} from {@code offset} to {@code peer}; it takes the
     * channel, and a copy's slot is freed when the message is released (sent, failed or discarded).
     */
    static Object content(SocketAddress peer, boolean secure, FileChannel file, long offset, long length,
            ByteBufAllocator alloc) throws IOException {
        return switch (choose(peer, secure)) {
            case SENDFILE -> new DefaultFileRegion(file, offset, length);
            case TLS_CHUNKS -> new HttpChunkedInput(new ChunkedNioFile(file, offset, length, TLS_CHUNK));
            case COPY -> new BufferedFileRegion(file, offset, length, COPY_CHUNK, alloc, FileTransfer::freeCopySlot);
        };
    }

    /** The transfer for {@code peer}; {@link #COPY} takes one of the copy slots, which the caller must free. */
    static FileTransfer choose(SocketAddress peer, boolean secure) {
        if (secure) {
            return TLS_CHUNKS;
        }
        boolean loopback = peer instanceof InetSocketAddress inet && inet.getAddress() != null
                && inet.getAddress().isLoopbackAddress();
        return loopback && COPIES.tryAcquire() ? COPY : SENDFILE;
    }

    /** Copy slots free now. */
    static int freeCopySlots() {
        return COPIES.availablePermits();
    }

    /** Frees a slot taken by {@link #choose}. */
    static void freeCopySlot() {
        COPIES.release();
    }
}
