package dev.berth.registry.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A {@link FileRegion} that the transport writes by reading the file into one direct buffer and writing that buffer
 * to the socket, chunk after chunk, from {@link #transferTo}: one {@code pread} and one {@code write} per chunk, the
 * same buffer (still in the CPU's cache) for every chunk, and no Java objects per chunk. The buffer is taken at the
 * first transfer and given back when the region is released (sent, failed or discarded), so a region holds at most
 * {@code chunk} bytes. Closing releases the file too.
 */
final class BufferedFileRegion extends AbstractReferenceCounted implements FileRegion {
    private static final System.Logger LOG = System.getLogger(BufferedFileRegion.class.getName());

    private final FileChannel file;
    private final long offset;
    private final long count;
    private final int chunk;
    private final ByteBufAllocator alloc;
    private final Runnable onRelease;
    private long transferred;
    private ByteBuf buffer;
    /** The buffer's bytes read from the file and not written yet. */
    private ByteBuffer pending;

    /** {@code onRelease} runs once, when the region is released. */
    BufferedFileRegion(FileChannel file, long offset, long count, int chunk, ByteBufAllocator alloc,
            Runnable onRelease) {
        if (offset < 0 || count < 0 || chunk <= 0) {
            throw new IllegalArgumentException("region " + offset + "+" + count + " in chunks of " + chunk);
        }
        this.file = file;
        this.offset = offset;
        this.count = count;
        this.chunk = chunk;
        this.alloc = alloc;
        this.onRelease = onRelease;
    }

    @Override
    public long position() {
        return offset;
    }

    @Override
    @Deprecated
    public long transfered() {
        return transferred;
    }

    @Override
    public long transferred() {
        return transferred;
    }

    @Override
    public long count() {
        return count;
    }

    /**
     * Writes what is left of the current chunk, reading the next one first when none is left: one chunk at most per
     * call, so that the transport's write spin count bounds how long one blob holds the event loop, as a
     * {@code sendfile} call bounded by the socket buffer does. {@code position} is ignored: the transport always
     * passes {@link #transferred()}, where the region carries on.
     */
    @Override
    public long transferTo(WritableByteChannel target, long position) throws IOException {
        if (refCnt() == 0) {
            throw new IOException("region of " + count + " bytes already released");
        }
        if (transferred >= count) {
            return 0;
        }
        if (buffer == null) {
            int size = (int) Math.min(chunk, count);
            buffer = alloc.directBuffer(size, size);
            pending = buffer.nioBuffer(0, size).limit(0);
        }
        if (!pending.hasRemaining()) {
            fill();
        }
        int n = target.write(pending);
        transferred += n;
        return n;
    }

    /** Reads the next chunk from where the written bytes end. */
    private void fill() throws IOException {
        long at = offset + transferred;
        pending.clear().limit((int) Math.min(pending.capacity(), count - transferred));
        while (pending.hasRemaining()) {
            if (file.read(pending, at + pending.position()) < 0) {
                throw new EOFException("file ends at byte " + (at + pending.position()) + ", before the "
                        + (offset + count) + " to send");
            }
        }
        pending.flip();
    }

    @Override
    protected void deallocate() {
        try {
            if (buffer != null) {
                buffer.release();
            }
            file.close();
        } catch (IOException e) {
            // Nothing to do for the response (its bytes went out or the channel failed): a read-only descriptor
            // that fails to close is worth a line in the log, as Netty's own file regions do.
            LOG.log(System.Logger.Level.WARNING, "closing a sent blob's file: " + e.getMessage(), e);
        } finally {
            onRelease.run();
        }
    }

    @Override
    public FileRegion retain() {
        super.retain();
        return this;
    }

    @Override
    public FileRegion retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public FileRegion touch() {
        return this;
    }

    @Override
    public FileRegion touch(Object hint) {
        return this;
    }
}
