package dev.berth.oci.content;

import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One ingest directory, {@code ingest/<sha256(ref)>/}: {@code data} (the bytes so far), {@code ref}, {@code total}
 * and {@code expected} (the promises, when given), {@code startedat} (ISO-8601) and {@code lock}. Anything a crash
 * left unreadable makes the whole directory debris: it is reset by the next writer or removed by cleanup.
 */
record IngestDir(Path dir) {
    static final String LOCK = "lock";

    Path data() {
        return dir.resolve("data");
    }

    Path lockFile() {
        return dir.resolve(LOCK);
    }

    /** The stored promises, or empty when the directory is missing, incomplete or not that of the ref it names. */
    Optional<IngestMeta> readMeta() throws IOException {
        try {
            Optional<String> ref = read("ref");
            Optional<String> started = read("startedat");
            if (ref.isEmpty() || started.isEmpty() || !nameMatches(ref.get())) {
                return Optional.empty();
            }
            Optional<String> total = read("total");
            OptionalLong size = total.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(total.get()));
            if (size.isPresent() && size.getAsLong() < 0) {
                return Optional.empty();
            }
            Optional<String> expected = read("expected");
            if (expected.isPresent() && !Digest.isValid(expected.get())) {
                return Optional.empty();
            }
            return Optional.of(new IngestMeta(ref.get(), size, expected.map(Digest::parse),
                    Instant.parse(started.get())));
        } catch (NumberFormatException | DateTimeException | CharacterCodingException corrupt) {
            return Optional.empty();
        }
    }

    /**
     * Writes the promises. Not fsynced: a power cut that loses or truncates them leaves a directory that
     * {@link #readMeta} refuses, which the next writer resets (the resume is lost, never the blob's integrity: commit
     * still verifies and fsyncs the data). Four fsyncs per blob were most of a small pull's fixed cost.
     */
    void writeMeta(IngestMeta meta) throws IOException {
        DurableFiles.replace(dir.resolve("ref"), meta.ref());
        DurableFiles.replace(dir.resolve("startedat"), meta.startedAt().toString());
        if (meta.total().isPresent()) {
            DurableFiles.replace(dir.resolve("total"), Long.toString(meta.total().getAsLong()));
        }
        if (meta.expected().isPresent()) {
            DurableFiles.replace(dir.resolve("expected"), meta.expected().get().toString());
        }
    }

    /**
     * The status of an ingest a writer can resume, or empty when it is missing, unreadable, or holds more data than
     * it was promised (which can never become the blob).
     */
    Optional<IngestStatus> status() throws IOException {
        Optional<IngestMeta> meta = readMeta();
        if (meta.isEmpty()) {
            return Optional.empty();
        }
        BasicFileAttributes data;
        try {
            data = Files.readAttributes(data(), BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        IngestMeta m = meta.get();
        if (!data.isRegularFile() || (m.total().isPresent() && data.size() > m.total().getAsLong())) {
            return Optional.empty();
        }
        return Optional.of(new IngestStatus(m.ref(), data.size(), m.total(), m.expected(), m.startedAt(),
                data.lastModifiedTime().toInstant()));
    }

    /** The latest modification of anything but the lock file, or empty when nothing else is there. */
    Optional<Instant> lastWrite() throws IOException {
        Optional<Instant> latest = Optional.empty();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().equals(LOCK)) {
                    continue;
                }
                try {
                    Instant t = Files.getLastModifiedTime(entry).toInstant();
                    latest = latest.filter(l -> l.isAfter(t)).or(() -> Optional.of(t));
                } catch (NoSuchFileException gone) {
                    // removed while listing: it no longer counts
                }
            }
        }
        return latest;
    }

    /** Deletes everything but the lock file; the caller holds the lock. */
    void clear() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (!entry.getFileName().toString().equals(LOCK)) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    /** Deletes the whole directory, the lock file last; the caller holds the lock. */
    void remove() throws IOException {
        try {
            clear();
            Files.deleteIfExists(lockFile());
            Files.deleteIfExists(dir);
        } catch (NoSuchFileException | DirectoryNotEmptyException raced) {
            // Gone already, or a new writer of the same ref is creating its lock file: the directory is now its.
        }
    }

    private boolean nameMatches(String ref) {
        return dir.getFileName().toString().equals(Digest.sha256(ref).encoded());
    }

    private Optional<String> read(String name) throws IOException {
        try {
            return Optional.of(Files.readString(dir.resolve(name), StandardCharsets.UTF_8));
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        }
    }
}
