package dev.berth.oci.layer;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads a layer tar entry by entry (ustar, GNU and PAX formats, long names, sparse files) with bounded header memory.
 * Every failure of the stream itself (truncation, bad checksum, a codec error below) is DATA_CORRUPTED; errors of the
 * source thrown as {@link BerthException} pass unchanged.
 */
final class TarReader {
    /** Bounds the headers of one entry; real ones are a few KiB (a 64 KiB xattr value is Linux's maximum). */
    static final int HEADER_BUDGET = 8 << 20;

    private final HeaderCapture capture;
    private final TarArchiveInputStream tar;
    private long entries;
    private TarArchiveEntry current;

    TarReader(InputStream in) {
        this.capture = new HeaderCapture(in, HEADER_BUDGET);
        this.tar = new TarArchiveInputStream(capture, 10240, HeaderCapture.TAR_BLOCK,
                StandardCharsets.UTF_8.name(), false);
    }

    /** The next entry, empty at the end of the archive; the current entry's data must have been read. */
    Optional<LayerEntry> next() {
        while (true) {
            byte[] headers;
            capture.begin();
            try {
                current = tar.getNextEntry();
            } catch (IOException | IllegalArgumentException ex) {
                if (current != null && capture.endedAtBegin()) {
                    // The stream ends right after an entry's data, without its padding or the end-of-archive
                    // blocks: Go's archive/tar reads that as the end, and the docker CLI sends such build contexts
                    // (a Dockerfile from outside the context appended last).
                    return Optional.empty();
                }
                String after = current == null ? "" : " after entry \"" + current.getName() + "\"";
                throw corrupt(after, ex.getMessage(), ex);
            } finally {
                headers = capture.end();
            }
            if (current == null) {
                return Optional.empty();
            }
            entries++;
            Optional<LayerEntry> entry;
            try {
                entry = LayerEntry.of(current, EntryHeaders.xattrs(headers));
            } catch (BerthException ex) {
                String at = " at entry \"" + current.getName() + "\"";
                throw ex.kind() == ErrorKind.DATA_CORRUPTED ? corrupt(at, ex.getMessage(), ex) : ex;
            }
            if (entry.isPresent()) {
                return entry;
            }
        }
    }

    /** Entries read so far, PAX global headers included. */
    long entriesRead() {
        return entries;
    }

    /** Reads the current entry's data (holes of a sparse entry come back as zeros); -1 at its end. */
    int read(byte[] buf) {
        try {
            return tar.read(buf, 0, buf.length);
        } catch (IOException | IllegalArgumentException ex) {
            throw corrupt("", ex.getMessage(), ex);
        }
    }

    /** Reads whatever data of the current entry is left, e.g. the content of a whiteout file. */
    void skipData(byte[] buf) {
        while (read(buf) >= 0) {
            // discard
        }
    }

    private static BerthException corrupt(String where, String detail, Exception cause) {
        return new BerthException(ErrorKind.DATA_CORRUPTED, "corrupt layer tar" + where + ": " + detail, cause);
    }
}
