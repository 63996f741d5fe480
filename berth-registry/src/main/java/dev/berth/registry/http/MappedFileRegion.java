package dev.berth.registry.http;

import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A {@link FileRegion} that the transport writes straight from a read-only mapping of the file, chunk after chunk,
 * from {@link #transferTo}: the socket's {@code write} copies the page cache into the socket buffers, the one copy a
 * loopback send needs (a read into a buffer first would be a second). The mapping is made at the first transfer and
 * unmapped when the region is released (sent, failed or discarded); it holds page tables and address space, no
 * memory of its own. Closing releases the file too. A file cut short under the mapping makes the {@code write} fail
 * ({@code EFAULT}), not the process: the kernel, not Java code, touches the pages.
 */
final class MappedFileRegion extends AbstractReferenceCounted implements FileRegion {
    private static final System.Logger LOG = System.getLogger(MappedFileRegion.class.getName());

    private final FileChannel file;
    private final long offset;
    private final long count;
    private final int chunk;
    private final Runnable onRelease;
    private final ReaderAffinity reader;
    private long transferred;
    /** Shared: mapped on the event loop, but released wherever the last reference goes. */
    private Arena arena;
    private MemorySegment mapped;

    /**
     * {@code onRelease} runs once, when the region is released; {@code reader} places the writing thread before each
     * write and is released with the region.
     */
    MappedFileRegion(FileChannel file, long offset, long count, int chunk, ReaderAffinity reader, Runnable onRelease) {
        if (offset < 0 || count < 0 || chunk <= 0) {
            throw new IllegalArgumentException("region " + offset + "+" + count + " in chunks of " + chunk);
        }
        this.file = file;
        this.offset = offset;
        this.count = count;
        this.chunk = chunk;
        this.reader = reader;
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
     * Writes the next chunk at most: one {@code write} per call, so that the transport's write spin count bounds how
     * long one blob holds the event loop, as a {@code sendfile} call bounded by the socket buffer does.
     * {@code position} is ignored: the transport always passes {@link #transferred()}, where the region carries on.
     */
    @Override
    public long transferTo(WritableByteChannel target, long position) throws IOException {
        if (refCnt() == 0) {
            throw new IOException("region of " + count + " bytes already released");
        }
        if (transferred >= count) {
            return 0;
        }
        if (mapped == null) {
            map();
        }
        reader.beforeWrite();
        int n = target.write(mapped.asSlice(transferred, Math.min(chunk, count - transferred)).asByteBuffer());
        transferred += n;
        return n;
    }

    private void map() throws IOException {
        long size = file.size();
        if (size < offset + count) {
            throw new EOFException("file ends at byte " + size + ", before the " + (offset + count) + " to send");
        }
        Arena a = Arena.ofShared();
        try {
            mapped = file.map(FileChannel.MapMode.READ_ONLY, offset, count, a);
        } catch (IOException | RuntimeException e) {
            a.close();
            throw e;
        }
        arena = a;
    }

    @Override
    protected void deallocate() {
        reader.release();
        try {
            if (arena != null) {
                arena.close();
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
