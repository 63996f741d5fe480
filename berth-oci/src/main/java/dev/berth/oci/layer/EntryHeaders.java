package dev.berth.oci.layer;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the raw header blocks of one tar entry (its meta entries, then its own header) as {@link HeaderCapture} kept
 * them: verifies every block's checksum, which the tar reader skips for meta entries, and extracts extended
 * attributes from the PAX extended headers (POSIX.1-2001 pax format, {@code typeflag 'x'}): {@code SCHILY.xattr.<name>=<raw bytes>} as GNU tar and Go write them, and
 * {@code LIBARCHIVE.xattr.<url-encoded name>=<base64>} as bsdtar writes them; SCHILY wins when both name the same
 * attribute. Values are kept as bytes, never decoded as text.
 */
final class EntryHeaders {
    private static final String SCHILY = "SCHILY.xattr.";
    private static final String LIBARCHIVE = "LIBARCHIVE.xattr.";

    private EntryHeaders() {}

    /**
     * The xattrs of the entry whose headers are {@code headers}, starting at a header block.
     *
     * @throws BerthException DATA_CORRUPTED when a header block's checksum is wrong
     */
    static Map<String, byte[]> xattrs(byte[] headers) {
        Map<String, byte[]> schily = new LinkedHashMap<>();
        Map<String, byte[]> libarchive = new LinkedHashMap<>();
        int pos = 0;
        while (pos + HeaderCapture.TAR_BLOCK <= headers.length) {
            verifyChecksum(headers, pos);
            byte type = headers[pos + 156];
            long size = number(headers, pos + 124, 12);
            int data = pos + HeaderCapture.TAR_BLOCK;
            if (size < 0 || data + size > headers.length) {
                break;
            }
            if (type == 'x' || type == 'X') {
                records(headers, data, data + (int) size, schily, libarchive);
            } else if (type != 'g' && type != 'L' && type != 'K') {
                break;
            }
            pos = data + (int) ((size + HeaderCapture.TAR_BLOCK - 1) / HeaderCapture.TAR_BLOCK * HeaderCapture.TAR_BLOCK);
        }
        Map<String, byte[]> xattrs = new LinkedHashMap<>(libarchive);
        xattrs.putAll(schily);
        return xattrs;
    }

    /** The ustar checksum: the sum of the block's bytes with the checksum field read as spaces, signed or not. */
    private static void verifyChecksum(byte[] b, int block) {
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < HeaderCapture.TAR_BLOCK; i++) {
            boolean field = i >= 148 && i < 156;
            unsigned += field ? ' ' : b[block + i] & 0xff;
            signed += field ? ' ' : b[block + i];
        }
        long stored = number(b, block + 148, 8);
        if (stored != unsigned && stored != signed) {
            throw new BerthException(ErrorKind.DATA_CORRUPTED, "header checksum mismatch");
        }
    }

    private static void records(byte[] b, int from, int to, Map<String, byte[]> schily, Map<String, byte[]> libarchive) {
        int p = from;
        while (p < to) {
            int space = p;
            long len = 0;
            while (space < to && b[space] >= '0' && b[space] <= '9' && len < Integer.MAX_VALUE) {
                len = len * 10 + (b[space++] - '0');
            }
            if (space >= to || b[space] != ' ' || len <= space - p || p + len > to || b[(int) (p + len - 1)] != '\n') {
                return;
            }
            int end = (int) (p + len - 1);
            int eq = indexOf(b, (byte) '=', space + 1, end);
            if (eq < 0) {
                return;
            }
            String key = new String(b, space + 1, eq - space - 1, StandardCharsets.UTF_8);
            byte[] value = Arrays.copyOfRange(b, eq + 1, end);
            if (key.startsWith(SCHILY)) {
                // An empty value is an empty xattr (GNU tar and Go's archive/tar keep it), not a deletion.
                schily.put(key.substring(SCHILY.length()), value);
            } else if (key.startsWith(LIBARCHIVE)) {
                decodeLibarchive(key.substring(LIBARCHIVE.length()), value, libarchive);
            }
            p = end + 1;
        }
    }

    /** An empty value in a PAX record deletes the keyword (POSIX "pax Extended Header"). */
    private static void put(Map<String, byte[]> map, String name, byte[] value) {
        if (value.length == 0) {
            map.remove(name);
        } else {
            map.put(name, value);
        }
    }

    private static void decodeLibarchive(String encodedName, byte[] value, Map<String, byte[]> into) {
        try {
            String name = percentDecode(encodedName);
            put(into, name, Base64.getDecoder().decode(value));
        } catch (IllegalArgumentException e) {
            // bsdtar would not have written it; such a record carries no usable attribute.
        }
    }

    private static String percentDecode(String s) {
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[raw.length];
        int n = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length) {
                out[n++] = (byte) Integer.parseInt(new String(raw, i + 1, 2, StandardCharsets.US_ASCII), 16);
                i += 2;
            } else {
                out[n++] = raw[i];
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** A ustar numeric field: octal digits padded with spaces or NULs, or base-256 when the high bit is set. */
    static long number(byte[] b, int off, int len) {
        if ((b[off] & 0x80) != 0) {
            long v = b[off] & 0x7f;
            for (int i = 1; i < len; i++) {
                if (v > (Long.MAX_VALUE >> 8)) {
                    return -1;
                }
                v = (v << 8) | (b[off + i] & 0xff);
            }
            return v;
        }
        long v = 0;
        int i = off;
        int end = off + len;
        while (i < end && (b[i] == ' ' || b[i] == 0)) {
            i++;
        }
        for (; i < end && b[i] >= '0' && b[i] <= '7'; i++) {
            v = v * 8 + (b[i] - '0');
        }
        return v;
    }
}
