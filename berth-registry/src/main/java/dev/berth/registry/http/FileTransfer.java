package dev.berth.registry.http;

import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.FileChannel;

/**
 * How a blob's bytes go to the socket, chosen per peer. To a peer over a network, {@link #SENDFILE}: a
 * {@code FileRegion}, i.e. {@code sendfile(2)} from the page cache, no copy in the server. Over TLS, and to a peer on
 * loopback, {@link #CHUNKED}: the file read in 1 MiB chunks into pooled buffers and written. TLS must encrypt the
 * bytes in user space anyway; on loopback the receiver copies every byte out of the sender's buffers, and measured on
 * a 2-core VM, kernel 6.18, sendfile tops out near 1.1 GB/s there, even for a receiver that discards the bytes with
 * {@code MSG_TRUNC}, while a copy through a 1 MiB buffer reached 1.3–1.8 GB/s (the receiver then reads bytes the
 * sender's copy left in the shared cache). See the module README's benchmark notes.
 */
enum FileTransfer {
    SENDFILE,
    CHUNKED;

    /** Large enough for few system calls per blob, small enough to stay in the cache between the two copies. */
    static final int LOOPBACK_CHUNK = 1 << 20;
    /** TLS records are 16 KiB; a chunk of a few records keeps the encryption's own buffers small. */
    static final int TLS_CHUNK = 256 << 10;

    static FileTransfer to(SocketAddress peer, boolean secure) {
        boolean loopback = peer instanceof InetSocketAddress inet && inet.getAddress() != null
                && inet.getAddress().isLoopbackAddress();
        return secure || loopback ? CHUNKED : SENDFILE;
    }

    /** The message that sends {@code length} bytes of {@code file} from {@code offset}; it takes the channel. */
    Object content(FileChannel file, long offset, long length, boolean secure) throws IOException {
        return switch (this) {
            case SENDFILE -> new DefaultFileRegion(file, offset, length);
            case CHUNKED -> new HttpChunkedInput(new ChunkedNioFile(file, offset, length,
                    secure ? TLS_CHUNK : LOOPBACK_CHUNK));
        };
    }
}
