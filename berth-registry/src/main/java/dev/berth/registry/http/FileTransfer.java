package dev.berth.registry.http;

import io.netty.channel.DefaultFileRegion;
import io.netty.channel.socket.SocketChannel;
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
 * {@link MappedFileRegion} that maps the file and writes the mapping to the socket, chunk after chunk, so the write
 * copies the page cache into the socket buffers. There the receiver copies every byte out of the sender's buffers,
 * and measured on a 2-core VM, kernel 6.18, sendfile tops out near 1.1 GB/s, even for a receiver that discards the
 * bytes with {@code MSG_TRUNC}, and makes the receiver copy from memory the CPU has not touched (curl then needs
 * 1.5–2x the CPU per byte), while a copy reached 1.6–2.3 GB/s (the module README's benchmark notes). Writing from
 * the mapping costs the server ~25 % less CPU per 256 MiB GET than reading the file into a reused 1 MiB buffer and
 * writing that (one copy instead of two; the page faults cost less than the copy they save). At most
 * {@link #MAX_COPIES} run at once; past that, loopback peers get sendfile too. Loopback connections also get a fixed,
 * small send buffer ({@link #tune}), and the thread writing a copy moves to the CPU its reader runs on
 * ({@link ReaderAffinity}), where the reader finds the copied bytes in the cache.
 */
enum FileTransfer {
    SENDFILE,
    TLS_CHUNKS,
    COPY;

    /** The most one write takes from a mapping: few system calls per blob, a bounded turn on the event loop. */
    static final int COPY_CHUNK = 1 << 20;
    /** TLS records are 16 KiB; a chunk of a few records keeps the encryption's own buffers small. */
    static final int TLS_CHUNK = 256 << 10;
    /** Bounds the mappings (address space and page tables) whatever the clients do. */
    static final int MAX_COPIES = 32;

    /**
     * The send buffer of a loopback connection (the kernel doubles it): with autotuning's megabytes the sender runs
     * far ahead and the receiver copies bytes the caches have dropped; with this it copies them while they are hot.
     * Loopback has no round trip to cover, and a network peer keeps autotuning.
     */
    static final int LOOPBACK_SEND_BUFFER = 256 << 10;

    private static final Semaphore COPIES = new Semaphore(MAX_COPIES);

    /**
     * The message that sends {@code length} bytes of {@code file} from {@code offset} to {@code peer}; it takes the
     * channel, and a copy's slot is freed when the message is released (sent, failed or discarded).
     */
    static Object content(SocketAddress peer, boolean secure, FileChannel file, long offset, long length,
            ReaderAffinity reader) throws IOException {
        return switch (choose(peer, secure)) {
            case SENDFILE -> new DefaultFileRegion(file, offset, length);
            case TLS_CHUNKS -> new HttpChunkedInput(new ChunkedNioFile(file, offset, length, TLS_CHUNK));
            case COPY -> new MappedFileRegion(file, offset, length, COPY_CHUNK, reader, FileTransfer::freeCopySlot);
        };
    }

    /** The transfer for {@code peer}; {@link #COPY} takes one of the copy slots, which the caller must free. */
    static FileTransfer choose(SocketAddress peer, boolean secure) {
        if (secure) {
            return TLS_CHUNKS;
        }
        return isLoopback(peer) && COPIES.tryAcquire() ? COPY : SENDFILE;
    }

    /** Gives a connection from a loopback peer its {@link #LOOPBACK_SEND_BUFFER}; other connections keep autotuning. */
    static void tune(SocketChannel channel) {
        if (isLoopback(channel.remoteAddress())) {
            channel.config().setSendBufferSize(LOOPBACK_SEND_BUFFER);
        }
    }

    private static boolean isLoopback(SocketAddress peer) {
        return peer instanceof InetSocketAddress inet && inet.getAddress() != null
                && inet.getAddress().isLoopbackAddress();
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
