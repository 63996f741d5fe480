package dev.berth.oci.layout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes the tar of an image archive (OCI layout or {@code docker save}) with reproducible headers: owner 0:0,
 * mtime 0, modes 0644/0755. Parent directories are written once, before their first child. Contents are streamed;
 * the caller's output stream is not closed.
 */
final class ArchiveWriter implements AutoCloseable {
    private static final int FILE_MODE = 0100644;
    private static final int DIR_MODE = 040755;

    private final TarArchiveOutputStream tar;
    private final Set<String> directories = new HashSet<>();

    ArchiveWriter(OutputStream out) {
        this.tar = new TarArchiveOutputStream(new NonClosing(out), "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    void file(String name, byte[] content) throws IOException {
        parents(name);
        tar.putArchiveEntry(header(name, content.length));
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** Copies exactly {@code size} bytes of {@code in}; fewer is an error, since the header already promised them. */
    void file(String name, long size, InputStream in) throws IOException {
        parents(name);
        tar.putArchiveEntry(header(name, size));
        long copied = in.transferTo(tar);
        if (copied != size) {
            throw new IOException("archive entry " + name + ": expected " + size + " bytes, source had " + copied);
        }
        tar.closeArchiveEntry();
    }

    void file(String name, Path source) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            file(name, Files.size(source), in);
        }
    }

    void symlink(String name, String target) throws IOException {
        parents(name);
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        entry.setLinkName(target);
        entry.setMode(0120777);
        reproducible(entry);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    void directory(String name) throws IOException {
        String dir = name.endsWith("/") ? name : name + "/";
        if (!directories.add(dir)) {
            return;
        }
        parents(dir.substring(0, dir.length() - 1));
        TarArchiveEntry entry = new TarArchiveEntry(dir, TarConstants.LF_DIR);
        entry.setMode(DIR_MODE);
        reproducible(entry);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private void parents(String name) throws IOException {
        int slash = name.lastIndexOf('/');
        if (slash > 0) {
            directory(name.substring(0, slash));
        }
    }

    private static TarArchiveEntry header(String name, long size) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        entry.setMode(FILE_MODE);
        entry.setSize(size);
        reproducible(entry);
        return entry;
    }

    private static void reproducible(TarArchiveEntry entry) {
        entry.setModTime(0);
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
    }

    /** Writes the end-of-archive blocks; the underlying stream stays open. */
    @Override
    public void close() throws IOException {
        tar.finish();
        tar.close();
    }

    /** Keeps the caller's stream open when the tar stream is closed. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
