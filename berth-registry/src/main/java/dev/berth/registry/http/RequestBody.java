package dev.berth.registry.http;

import dev.berth.registry.api.ErrorCode;
import dev.berth.registry.api.RegistryException;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The body of one request, read as it arrives from the connection's inbound queue (the event loop stops reading
 * from the socket while the queue is full, so a body is never buffered whole). Read by the request's worker thread
 * only.
 */
public final class RequestBody {
    /** What the body reader does with each chunk. */
    @FunctionalInterface
    public interface ChunkSink {
        void accept(ByteBuffer chunk);
    }

    private final InboundQueue queue;
    private boolean finished;
    private long received;

    RequestBody(InboundQueue queue, boolean empty) {
        this.queue = queue;
        this.finished = empty;
    }

    /** The body of a request that has none, already complete. */
    static RequestBody empty(InboundQueue queue) {
        return new RequestBody(queue, true);
    }

    /**
     * For a request that declares no body: takes the codec's empty end marker now, which the codec queues right after
     * the request, so that the connection can serve its next request whatever the handler reads.
     */
    void finishEmpty() throws IOException {
        while (!finished) {
            HttpContent content = queue.takeContent();
            received += content.content().readableBytes();
            finished = content instanceof LastHttpContent;
            content.release();
        }
    }

    /** Whether the whole body was read (so the connection can serve the next request). */
    public boolean isFinished() {
        return finished;
    }

    public long received() {
        return received;
    }

    /**
     * Passes each chunk of the body to {@code sink} until its end; a connection that closes first is {@link
     * IOException}. The buffers are only valid during the call.
     */
    public void forEachChunk(ChunkSink sink) throws IOException {
        while (!finished) {
            HttpContent content = queue.takeContent();
            try {
                ByteBuf buf = content.content();
                int n = buf.readableBytes();
                if (n > 0) {
                    received += n;
                    for (ByteBuffer b : buf.nioBuffers(buf.readerIndex(), n)) {
                        sink.accept(b);
                    }
                }
                if (content instanceof LastHttpContent last) {
                    finished = true;
                    if (last.decoderResult().isFailure()) {
                        throw new IOException("malformed request body: " + last.decoderResult().cause());
                    }
                }
            } finally {
                content.release();
            }
        }
    }

    /** The whole body, at most {@code limit} bytes; more is {@code tooLarge} (the rest is left unread). */
    public byte[] readAll(int limit, ErrorCode tooLarge) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        forEachChunk(chunk -> {
            if (out.size() + chunk.remaining() > limit) {
                throw new RegistryException(tooLarge, "body exceeds " + limit + " bytes");
            }
            byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            out.write(bytes, 0, bytes.length);
        });
        return out.toByteArray();
    }

    /** Reads and drops what is left of the body, up to {@code limit} bytes; whether the end was reached. */
    boolean skip(long limit) {
        long skipped = 0;
        try {
            while (!finished && skipped <= limit) {
                HttpContent content = queue.pollContent();
                if (content == null) {
                    return false;
                }
                try {
                    skipped += content.content().readableBytes();
                    finished = content instanceof LastHttpContent;
                } finally {
                    content.release();
                }
            }
        } catch (IOException closed) {
            return false;
        }
        return finished;
    }
}
