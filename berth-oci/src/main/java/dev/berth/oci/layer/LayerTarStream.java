package dev.berth.oci.layer;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the entries of one layer tar (OCI image spec, "Image Layer Filesystem Changeset"): files, directories,
 * symlinks, devices and fifos from disk; a hard-linked inode in full under its first name and as link entries under
 * the others; whiteouts {@code .wh.<name>} and opaque markers {@code .wh..wh..opq}. Sockets are left out, as docker
 * and containerd do. The caller orders entries, parents first.
 */
final class LayerTarStream {
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE_MARKER = ".wh..wh..opq";

    private record InodeKey(long device, long inode) {}

    private final OutputStream out;
    private final LayerWriteOptions options;
    private final XattrFilter xattrFilter;
    private final boolean wholeSeconds;
    private final Map<InodeKey, String> firstNames = new HashMap<>();
    private final Map<InodeKey, List<String>> waitingLinks = new HashMap<>();
    private final byte[] buffer = new byte[64 * 1024];

    LayerTarStream(OutputStream out, LayerWriteOptions options, XattrFilter xattrFilter) {
        this(out, options, xattrFilter, false);
    }

    /**
     * {@code wholeSeconds}: mtimes truncated to the second, as docker's archiver writes a {@code docker cp} tar (moby's
     * FileInfoHeader), so that no entry needs a PAX record for its time alone.
     */
    LayerTarStream(OutputStream out, LayerWriteOptions options, XattrFilter xattrFilter, boolean wholeSeconds) {
        this.out = out;
        this.options = options;
        this.xattrFilter = xattrFilter;
        this.wholeSeconds = wholeSeconds;
    }

    /** Writes {@code source}, described by {@code meta}, as the entry {@code path} (relative, no trailing slash). */
    void writeEntry(String path, Path source, FileMeta meta) throws IOException {
        if (meta.kind() == FileMeta.FileKind.SOCKET) {
            return;
        }
        refuseWhiteoutName(path);
        TarEntryHeader header = header(path, meta);
        if (!meta.isHardLinked()) {
            writeFull(header, source);
            return;
        }
        InodeKey key = new InodeKey(meta.device(), meta.inode());
        String first = firstNames.get(key);
        if (first != null) {
            writeHeader(linkTo(header, first));
            return;
        }
        firstNames.put(key, header.name());
        writeFull(header, source);
        for (String waiting : waitingLinks.getOrDefault(key, List.of())) {
            writeHeader(linkTo(header(waiting, meta), header.name()));
        }
        waitingLinks.remove(key);
    }

    /**
     * Records that unchanged {@code path} shares its inode with other names (containerd's "unmodified" hard link):
     * if one of those is written, {@code path} must be linked to it again, or applying the layer splits the inode.
     */
    void writeUnmodifiedLink(String path, FileMeta meta) throws IOException {
        InodeKey key = new InodeKey(meta.device(), meta.inode());
        String first = firstNames.get(key);
        if (first != null) {
            writeHeader(linkTo(header(path, meta), first));
        } else {
            waitingLinks.computeIfAbsent(key, k -> new ArrayList<>()).add(path);
        }
    }

    /** Marks {@code path} deleted: an empty {@code .wh.<name>} beside it. */
    void writeWhiteout(String path) throws IOException {
        int slash = path.lastIndexOf('/');
        writeHeader(TarEntryHeader.marker(path.substring(0, slash + 1) + WHITEOUT_PREFIX + path.substring(slash + 1)));
    }

    /** Hides everything lower layers have in directory {@code dir}. */
    void writeOpaque(String dir) throws IOException {
        writeHeader(TarEntryHeader.marker(dir + "/" + OPAQUE_MARKER));
    }

    /** Writes the end-of-archive marker, two zero blocks, and flushes. */
    void finish() throws IOException {
        out.write(new byte[2 * TarHeaderEncoder.BLOCK]);
        out.flush();
    }

    private TarEntryHeader header(String path, FileMeta meta) {
        TarEntryHeader.Type type = switch (meta.kind()) {
            case REGULAR -> TarEntryHeader.Type.REGULAR;
            case DIRECTORY -> TarEntryHeader.Type.DIRECTORY;
            case SYMLINK -> TarEntryHeader.Type.SYMLINK;
            case CHAR_DEVICE -> TarEntryHeader.Type.CHAR_DEVICE;
            case BLOCK_DEVICE -> TarEntryHeader.Type.BLOCK_DEVICE;
            case FIFO -> TarEntryHeader.Type.FIFO;
            case SOCKET -> throw new IllegalArgumentException("sockets have no tar form: " + path);
        };
        boolean device = type == TarEntryHeader.Type.CHAR_DEVICE || type == TarEntryHeader.Type.BLOCK_DEVICE;
        return new TarEntryHeader(
                meta.isDirectory() ? path + "/" : path,
                type,
                meta.permissions(),
                options.zeroOwners() ? 0 : meta.uid(),
                options.zeroOwners() ? 0 : meta.gid(),
                type == TarEntryHeader.Type.REGULAR ? meta.size() : 0,
                options.fixedMtime()
                        .orElse(wholeSeconds ? meta.mtime().truncatedTo(ChronoUnit.SECONDS) : meta.mtime()),
                meta.linkTarget(),
                device ? meta.devMajor() : 0,
                device ? meta.devMinor() : 0,
                xattrFilter.apply(meta.xattrs()));
    }

    /** The same name and metadata as a hard link to {@code target}; the inode's xattrs travel with its first name. */
    private static TarEntryHeader linkTo(TarEntryHeader h, String target) {
        return new TarEntryHeader(h.name(), TarEntryHeader.Type.HARD_LINK, h.mode(), h.uid(), h.gid(), 0, h.mtime(),
                Optional.of(target), 0, 0, Collections.emptySortedMap());
    }

    private void writeFull(TarEntryHeader header, Path source) throws IOException {
        writeHeader(header);
        if (header.type() == TarEntryHeader.Type.REGULAR && header.size() > 0) {
            copyContent(source, header.size());
            out.write(new byte[TarHeaderEncoder.padding(header.size())]);
        }
    }

    private void writeHeader(TarEntryHeader header) throws IOException {
        out.write(TarHeaderEncoder.encode(header));
    }

    /** Copies exactly {@code size} bytes: the header already promised them, so a file that shrank is an error. */
    private void copyContent(Path source, long size) throws IOException {
        try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS)) {
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new BerthException(ErrorKind.CONFLICT, source + " shrank from " + size + " to "
                            + (size - left) + " bytes while being written");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    /** A name that starts with {@code .wh.} would be read back as a whiteout, so it has no layer form. */
    private static void refuseWhiteoutName(String path) {
        if (path.substring(path.lastIndexOf('/') + 1).startsWith(WHITEOUT_PREFIX)) {
            throw BerthException.invalid("entry \"" + path + "\": names starting with " + WHITEOUT_PREFIX
                    + " are reserved for whiteouts and cannot be stored in a layer");
        }
    }
}
