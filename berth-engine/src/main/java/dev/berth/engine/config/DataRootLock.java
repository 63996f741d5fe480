package dev.berth.engine.config;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock that makes a data root belong to one daemon: an OS lock on {@code berthd.pid}, which holds the PID of
 * the daemon. Unlike dockerd's bare pid file, a daemon that died leaves no stale lock behind: the OS drops it.
 */
public final class DataRootLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataRootLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code root} and writes this process's PID, or fails with FAILED_PRECONDITION naming the PID
     * of the daemon that holds it.
     */
    public static DataRootLock acquire(DataRoot root) {
        Path file = root.pidFile();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String pid = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
                channel.close();
                throw new BerthException(ErrorKind.FAILED_PRECONDITION, "pid file found, ensure berthd is not running"
                        + " or delete " + file + ": process with PID " + (pid.isEmpty() ? "?" : pid)
                        + " holds data root " + root.root() + ": is another instance of berthd running?");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new DataRootLock(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel, e);
            throw BerthException.io("lock data root " + root.root(), e);
        }
    }

    /** Null when another process holds the lock, or another daemon of this process (the JVM refuses overlaps). */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel channel, IOException cause) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** Removes the pid file and releases the lock. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw BerthException.io("unlock " + file, e);
        }
    }
}
