package dev.berth.oci.layer;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds layer tars for the applier's tests, hostile ones included, with commons-compress. */
final class ApplyTestTar {
    /** commons-compress writes PAX times to 100 ns; GNU tar tests cover full nanoseconds. */
    static final Instant MTIME = Instant.parse("2021-03-04T05:06:07.1234567Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    ApplyTestTar() {
        this(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    ApplyTestTar(int longFileMode) {
        tar = new TarArchiveOutputStream(bytes);
        tar.setLongFileMode(longFileMode);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    ApplyTestTar dir(String name) {
        return dir(name, 0755);
    }

    ApplyTestTar dir(String name, int mode) {
        return entry(name, TarConstants.LF_DIR, e -> e.setMode(040000 | mode), new byte[0]);
    }

    ApplyTestTar file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    ApplyTestTar file(String name, byte[] content, int mode) {
        return entry(name, TarConstants.LF_NORMAL, e -> e.setMode(0100000 | mode), content);
    }

    ApplyTestTar symlink(String name, String target) {
        return entry(name, TarConstants.LF_SYMLINK, e -> {
            e.setMode(0120777);
            e.setLinkName(target);
        }, new byte[0]);
    }

    ApplyTestTar hardlink(String name, String target) {
        return entry(name, TarConstants.LF_LINK, e -> {
            e.setMode(0100644);
            e.setLinkName(target);
        }, new byte[0]);
    }

    ApplyTestTar device(String name, byte type, int major, int minor, int mode) {
        return entry(name, type, e -> {
            e.setMode(mode);
            e.setDevMajor(major);
            e.setDevMinor(minor);
        }, new byte[0]);
    }

    ApplyTestTar fifo(String name) {
        return entry(name, TarConstants.LF_FIFO, e -> e.setMode(010640), new byte[0]);
    }

    /** A file-typed entry named {@code name}: how whiteouts are written. */
    ApplyTestTar whiteout(String name) {
        return file(name, new byte[0], 0);
    }

    /** Any entry; {@code name} is written as given, leading slash and {@code ..} included. */
    ApplyTestTar entry(String name, byte type, Consumer<TarArchiveEntry> customize, byte[] data) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setModTime(FileTime.from(MTIME));
        e.setUserId(0);
        e.setGroupId(0);
        customize.accept(e);
        if (type == TarConstants.LF_NORMAL) {
            e.setSize(data.length);
        }
        try {
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return this;
    }

    /** A PAX extended header ({@code 'x'}) with raw byte values, which commons-compress cannot write itself. */
    ApplyTestTar pax(Map<String, byte[]> records) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        records.forEach((k, v) -> {
            byte[] key = k.getBytes(StandardCharsets.UTF_8);
            int body = 1 + key.length + 1 + v.length + 1;
            int len = body + String.valueOf(body).length();
            if (String.valueOf(len).length() != String.valueOf(body).length()) {
                len++;
            }
            data.writeBytes((len + " ").getBytes(StandardCharsets.US_ASCII));
            data.writeBytes(key);
            data.write('=');
            data.writeBytes(v);
            data.write('\n');
        });
        byte[] content = data.toByteArray();
        return entry("PaxHeaders/x", TarConstants.LF_PAX_EXTENDED_HEADER_LC, e -> e.setSize(content.length), content);
    }

    byte[] bytes() {
        try {
            tar.finish();
            tar.close();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] raw) {
        return compress(raw, GZIPOutputStream::new);
    }

    static byte[] zstd(byte[] raw) {
        return compress(raw, ZstdOutputStream::new);
    }

    private interface Codec {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static byte[] compress(byte[] raw, Codec codec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = codec.wrap(out)) {
            c.write(raw);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }
}
