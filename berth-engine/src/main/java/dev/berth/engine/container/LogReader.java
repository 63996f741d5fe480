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
 * With a size limit ({@code --log-opt max-size}) conmon starts the log over in a new file renamed over the old one;
 * a reader at the end of the old file goes on with the new one from its start.
 */
public final class LogReader implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;

    private final Path file;
    private FileChannel channel;
    /** The identity of the file {@link #channel} reads, to see conmon replace it. */
    private Object fileKey;
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
                open();
            }
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            int n = channel.read(buf);
            if (n <= 0) {
                if (replaced()) {
                    // What the old file held after its last complete line was cut off by conmon's start-over.
                    pending.reset();
                    channel.close();
                    open();
                    return next();
                }
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

    /** Opens the file and notes which one it is: looked at before and after, so a replacement in between counts. */
    private void open() throws IOException {
        while (true) {
            Object before = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            FileChannel opened = FileChannel.open(file, StandardOpenOption.READ);
            Object after;
            try {
                after = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            } catch (IOException | RuntimeException e) {
                opened.close();
                throw e;
            }
            if (before.equals(after)) {
                channel = opened;
                fileKey = after;
                return;
            }
            opened.close();
        }
    }

    private boolean replaced() throws IOException {
        try {
            return !Files.readAttributes(file, BasicFileAttributes.class).fileKey().equals(fileKey);
        } catch (NoSuchFileException e) {
            return false;
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
