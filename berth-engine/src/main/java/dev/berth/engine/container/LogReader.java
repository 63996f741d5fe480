package dev.berth.engine.container;

import dev.berth.engine.runtime.LogFiles;
import dev.berth.engine.runtime.LogLine;
import dev.berth.oci.error.BerthException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a container's k8s-file log incrementally, oldest generation first ({@link LogFiles}): each {@link #next}
 * returns the lines completed since the last call, holding back a line conmon is still writing, so that following
 * a log never shows half a line record.
 *
 * <p>With a size limit ({@code --log-opt max-size}) conmon starts the log over in a new file renamed over the old
 * one. A file is done once it is no longer the log: conmon has written all of it before the rename, so the reader
 * reads it to its end once more and goes on with the generation after it (with {@code max-file} 1 the new file;
 * above, the next one kept), which it has open even if rotation deletes it meanwhile.
 */
public final class LogReader implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;

    private final LogFiles files;
    private FileChannel channel;
    /** The identity of the file {@link #channel} reads. */
    private Object fileKey;
    /** The generation number it had when last seen, to go on after it if it disappears. */
    private OptionalLong number = OptionalLong.empty();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    public LogReader(Path file) {
        this.files = new LogFiles(file);
    }

    /** The complete lines written since the previous call, at most about {@code CHUNK} bytes of them. */
    public List<LogLine> next() {
        List<LogLine> lines = new ArrayList<>();
        try {
            if (channel == null && !openNext()) {
                return lines;
            }
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            int n = channel.read(buf);
            if (n <= 0 && done()) {
                // Whatever conmon wrote between that read and its rename comes now.
                n = channel.read(buf);
                if (n <= 0) {
                    // Closed only once the next is open: while open, no new file can have its inode (its key).
                    FileChannel old = channel;
                    if (!openNext()) {
                        return lines;
                    }
                    old.close();
                    // What the old file held after its last complete line was cut off by conmon's start-over.
                    pending.reset();
                    return next();
                }
            }
            if (n <= 0) {
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
        } catch (IOException e) {
            throw BerthException.io("read log " + files.current(), e);
        }
    }

    /**
     * Opens the generation after the one read (the oldest at first); false when there is none yet. One that
     * rotation deleted before it was opened is passed over.
     */
    private boolean openNext() throws IOException {
        while (true) {
            List<LogFiles.Generation> generations = files.generations();
            Optional<LogFiles.Generation> next = following(generations);
            if (next.isEmpty()) {
                return false;
            }
            LogFiles.Generation g = next.get();
            try {
                if (open(g, generations)) {
                    return true;
                }
            } catch (NoSuchFileException e) {
                // Deleted (beyond max-file) or replaced by conmon since it was listed: list again.
            }
        }
    }

    /**
     * The generation to read after the one read (held open, so no other file has its key): the next in line, or,
     * when it is no longer listed (replaced before it was numbered, or deleted as beyond max-file), the first after
     * the last number seen.
     */
    private Optional<LogFiles.Generation> following(List<LogFiles.Generation> generations) {
        int at = -1;
        for (int i = 0; i < generations.size(); i++) {
            if (generations.get(i).key().equals(fileKey)) {
                at = i;
            }
        }
        for (int i = at + 1; i < generations.size(); i++) {
            LogFiles.Generation g = generations.get(i);
            // Not listed, the file read was newer than every number up to its own; an unnumbered spare may be older.
            boolean after = at >= 0 || number.isEmpty() || g.path().equals(files.current())
                    || g.number().isPresent() && g.number().getAsLong() > number.getAsLong();
            if (after) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    /**
     * Opens {@code g} if its path still names it, looked at before and after the open: the log's own path may be
     * renamed over by conmon in between.
     */
    private boolean open(LogFiles.Generation g, List<LogFiles.Generation> generations) throws IOException {
        FileChannel opened = FileChannel.open(g.path(), StandardOpenOption.READ);
        Optional<Object> after;
        try {
            after = LogFiles.key(g.path());
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        if (!after.equals(Optional.of(g.key()))) {
            opened.close();
            return false;
        }
        channel = opened;
        fileKey = g.key();
        number = g.number().isPresent() ? g.number() : OptionalLong.of(numberAbove(g, generations));
        return true;
    }

    /**
     * The number that every generation newer than unnumbered {@code g} will have above it: the highest listed, plus
     * one for each unnumbered one listed before {@code g} (a spare conmon has taken, numbered next by the rotator).
     */
    private static long numberAbove(LogFiles.Generation g, List<LogFiles.Generation> generations) {
        long highest = 0;
        for (LogFiles.Generation other : generations) {
            if (other == g) {
                break;
            }
            highest = other.number().isPresent() ? Math.max(highest, other.number().getAsLong()) : highest + 1;
        }
        return highest;
    }

    /** Whether the file read is no longer the one conmon writes. */
    private boolean done() {
        return LogFiles.key(files.current()).map(k -> !k.equals(fileKey)).orElse(false);
    }

    /** True when the last {@link #next} reached the end of what is written so far. */
    public boolean atEnd() {
        try {
            return channel == null || channel.position() >= channel.size() && !done();
        } catch (IOException e) {
            throw BerthException.io("read log " + files.current(), e);
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw BerthException.io("close log " + files.current(), e);
            }
        }
    }
}
