package dev.berth.oci.layout;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads the entries of an image archive tar one after the other, with their names normalised to clean relative
 * paths ({@code ./a//b/} → {@code a/b}); a name that is absolute or climbs out with {@code ..} is refused. An
 * entry's content can be read until the next call of {@link #next()}. The caller closes the stream it passed.
 */
final class ArchiveReader {
    /** Metadata files (manifest.json, index.json, configs) are read into memory up to this size. */
    static final int MAX_METADATA = 8 * 1024 * 1024;

    enum Kind { FILE, DIRECTORY, SYMLINK, OTHER }

    /** One entry; {@code linkTarget} is the raw symlink target, empty for other kinds. */
    record Entry(String name, Kind kind, long size, String linkTarget) {}

    private final String archive;
    private final TarArchiveInputStream tar;

    ArchiveReader(InputStream in, String archive) {
        this.archive = archive;
        this.tar = new TarArchiveInputStream(in, "UTF-8");
    }

    Optional<Entry> next() {
        try {
            TarArchiveEntry e = tar.getNextEntry();
            if (e == null) {
                return Optional.empty();
            }
            Kind kind = e.isDirectory() ? Kind.DIRECTORY
                    : e.isSymbolicLink() ? Kind.SYMLINK
                    : e.isFile() && !e.isLink() ? Kind.FILE
                    : Kind.OTHER;
            return Optional.of(new Entry(normalize(e.getName()), kind, e.getSize(),
                    kind == Kind.SYMLINK ? e.getLinkName() : ""));
        } catch (IOException e) {
            throw BerthException.io("read " + archive, e);
        }
    }

    /** The content of the current entry. */
    InputStream content() {
        return tar;
    }

    /** The whole content of the current entry, refused when it is larger than {@link #MAX_METADATA}. */
    byte[] readSmall(Entry entry) {
        if (entry.size() > MAX_METADATA) {
            throw BerthException.invalid("read " + archive + ": " + entry.name() + ": " + entry.size()
                    + " bytes, more than the " + MAX_METADATA + " allowed for metadata");
        }
        try {
            return tar.readNBytes((int) entry.size());
        } catch (IOException e) {
            throw BerthException.io("read " + archive + ": " + entry.name(), e);
        }
    }

    String normalize(String name) {
        return normalize(archive, name);
    }

    /** {@code name} as a clean relative path, or INVALID_ARGUMENT naming the archive and the entry. */
    static String normalize(String archive, String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/", -1)) {
            if ((part.isEmpty() && parts.isEmpty() && name.startsWith("/")) || part.equals("..")) {
                throw escapes(archive, name);
            }
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    /** Where symlink {@code entry} points, as a clean path relative to the archive root. */
    String resolveLink(Entry entry) {
        if (entry.linkTarget().startsWith("/")) {
            throw escapes(archive, entry.name() + " -> " + entry.linkTarget());
        }
        int slash = entry.name().lastIndexOf('/');
        String parent = slash < 0 ? "" : entry.name().substring(0, slash + 1);
        List<String> parts = new ArrayList<>();
        for (String part : (parent + entry.linkTarget()).split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw escapes(archive, entry.name() + " -> " + entry.linkTarget());
                }
                parts.removeLast();
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private static BerthException escapes(String archive, String name) {
        return BerthException.invalid("read " + archive + ": entry \"" + name + "\": path escapes the archive");
    }
}
