package dev.berth.engine.container;

import dev.berth.engine.runtime.LogLine;
import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a container's k8s-file log incrementally: each {@link #next} returns the lines completed since the last
 * call, holding back a line conmon is still writing, so that following a log never shows half a line record.
 */
public final class LogReader implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;

    private final Path file;
    private FileChannel channel;
    /** The identity of the file {@link #channel} reads, to notice conmon replacing it. */
    private Object opened;
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

    public LogReader(Path file) {
        this.file = file;
    }

    /** The complete lines written since the previous call, at most about {@code CHUNK} bytes of them. */
    public List<LogLine> next() {
        List<LogLine> lines = new ArrayList<>();
        try {
            if (channel == null) {
                if (!Files.exists(file)) {
                    return lines;
                }
                channel = FileChannel.open(file, StandardOpenOption.READ);
                opened = fileKey();
            }
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            int n = channel.read(buf);
            if (n <= 0) {
                reopenIfReplaced();
                return lines;
            }
            byte[] bytes = buf.array();
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (bytes[i] == '\n') {
                    pending.write(bytes, start, i - start);
                    String line = pending.toString(StandardCharsets.UTF_8);
                    pending.reset();
                    if (!line.isEmpty()) {
                        lines.add(LogLine.parse(line));
                    }
                    start = i + 1;
                }
            }
            pending.write(bytes, start, n - start);
            return lines;
        } catch (NoSuchFileException e) {
            return lines;
        } catch (IOException e) {
            throw BerthException.io("read log " + file, e);
        }
    }

    /**
     * At the end of the file it has open: if conmon has put a new log in its place ({@code --log-opt max-size}
     * reached), the next call reads that one from its start; the old one is read to its end first.
     */
    private void reopenIfReplaced() throws IOException {
        Object now = fileKey();
        if (now != null && !now.equals(opened)) {
            channel.close();
            channel = null;
            pending.reset();
        }
    }

    private Object fileKey() throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** True when the last {@link #next} reached the end of what is written so far. */
    public boolean atEnd() {
        try {
            return channel == null || channel.position() >= channel.size();
        } catch (IOException e) {
            throw BerthException.io("read log " + file, e);
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw BerthException.io("close log " + file, e);
            }
        }
    }
}
