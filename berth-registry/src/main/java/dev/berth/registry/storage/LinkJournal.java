package dev.berth.registry.storage;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The file of {@link Linked} lines that a running collection reads, one line per link announced. Appends are single
 * {@code O_APPEND} writes of one short line, so concurrent linkers never interleave. It is not fsynced: only a
 * collector running on the same machine reads it, and a crash ends that collection too.
 */
final class LinkJournal {
    private LinkJournal() {}

    /** Creates the journal empty, replacing one a killed collector left. */
    static void create(Path file) {
        try {
            Files.write(file, new byte[0]);
        } catch (IOException e) {
            throw BerthException.io("create garbage collection journal " + file, e);
        }
    }

    static void remove(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw BerthException.io("remove garbage collection journal " + file, e);
        }
    }

    /** Appends {@code linked} when a collection is running (the journal exists); otherwise does nothing. */
    static void append(Path file, Linked linked) {
        ByteBuffer line = StandardCharsets.UTF_8.encode(linked + "\n");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (line.hasRemaining()) {
                ch.write(line);
            }
        } catch (NoSuchFileException noCollection) {
            // nothing reads links unless a collection runs
        } catch (IOException e) {
            throw BerthException.io("journal " + linked + " for garbage collection", e);
        }
    }

    /** Reads the lines appended since its previous read; an unreadable line stops the collection. */
    static final class Reader {
        private final Path file;
        private long offset;
        private long lines;

        Reader(Path file) {
            this.file = file;
        }

        List<Linked> readNew() {
            ByteArrayOutputStream tail = new ByteArrayOutputStream();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ch.position(offset);
                ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                while (ch.read(buffer) > 0) {
                    tail.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
            } catch (NoSuchFileException removed) {
                throw new BerthException(ErrorKind.FAILED_PRECONDITION, "garbage collection journal " + file
                        + " was removed while collecting: stopping, since links made meanwhile are unknown");
            } catch (IOException e) {
                throw BerthException.io("read garbage collection journal " + file, e);
            }
            return parseComplete(tail.toByteArray());
        }

        /** Parses the complete lines of {@code bytes}; a line still being written stays for the next read. */
        private List<Linked> parseComplete(byte[] bytes) {
            List<Linked> out = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                lines++;
                try {
                    out.add(Linked.parse(line));
                } catch (RuntimeException e) {
                    throw new BerthException(ErrorKind.DATA_CORRUPTED, "garbage collection journal " + file + " line "
                            + lines + " unreadable (" + e.getMessage() + "): stopping, since what it linked is unknown",
                            e);
                }
                start = i + 1;
            }
            offset += start;
            return out;
        }
    }
}
