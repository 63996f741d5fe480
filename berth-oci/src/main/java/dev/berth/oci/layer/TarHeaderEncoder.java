package dev.berth.oci.layer;

import dev.berth.oci.error.BerthException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes a {@link TarEntryHeader} as the 512-byte blocks of POSIX.1-2001 (pax) over ustar, laid out like Go's
 * {@code archive/tar} with {@code FormatPAX}, which docker and containerd use for layers: plain ustar (with the
 * prefix/name split for paths up to 255 bytes) when every field fits, otherwise a pax extended header
 * ({@code PaxHeaders.0/<name>}, records sorted by key) carrying {@code path}, {@code linkpath}, {@code size},
 * {@code uid}, {@code gid}, sub-second or out-of-range {@code mtime} and {@code SCHILY.xattr.<name>} (raw bytes).
 */
final class TarHeaderEncoder {
    static final int BLOCK = 512;
    private static final int NAME_SIZE = 100;
    private static final int PREFIX_SIZE = 155;
    private static final String XATTR_PREFIX = "SCHILY.xattr.";

    private TarHeaderEncoder() {}

    /** The header blocks of {@code h}: a pax extended header first when needed, then the ustar block. */
    static byte[] encode(TarEntryHeader h) {
        Map<String, byte[]> pax = paxRecords(h);
        ByteArrayOutputStream out = new ByteArrayOutputStream(BLOCK * 3);
        String name = h.name();
        String prefix = "";
        if (pax.isEmpty() && utf8(name).length > NAME_SIZE) {
            int split = ustarSplit(name);
            prefix = name.substring(0, split);
            name = name.substring(split + 1);
        }
        if (!pax.isEmpty()) {
            byte[] data = paxData(pax);
            out.writeBytes(paxBlock(h.name(), data.length));
            out.writeBytes(data);
            out.writeBytes(new byte[padding(data.length)]);
        }
        out.writeBytes(ustarBlock(h, name, prefix));
        return out.toByteArray();
    }

    /** Zero bytes that round {@code size} up to a whole block. */
    static int padding(long size) {
        return (int) ((BLOCK - size % BLOCK) % BLOCK);
    }

    private static Map<String, byte[]> paxRecords(TarEntryHeader h) {
        Map<String, byte[]> pax = new TreeMap<>();
        h.linkName().filter(l -> !isAscii(l) || utf8(l).length > NAME_SIZE)
                .ifPresent(l -> pax.put("linkpath", utf8(l)));
        if (!fitsOctal(12, h.size())) {
            pax.put("size", ascii(Long.toString(h.size())));
        }
        if (!fitsOctal(8, h.uid())) {
            pax.put("uid", ascii(Long.toString(h.uid())));
        }
        if (!fitsOctal(8, h.gid())) {
            pax.put("gid", ascii(Long.toString(h.gid())));
        }
        if (h.mtime().getNano() != 0 || !fitsOctal(12, h.mtime().getEpochSecond())) {
            pax.put("mtime", ascii(paxTime(h.mtime())));
        }
        h.xattrs().forEach((k, v) -> {
            if (k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0) {
                throw BerthException.invalid("entry " + h.name() + ": xattr name \"" + k + "\" cannot be a pax key");
            }
            pax.put(XATTR_PREFIX + k, v);
        });
        // Like Go's writer: the ustar prefix split is only used when no pax header is written anyway.
        boolean longName = utf8(h.name()).length > NAME_SIZE;
        if (!isAscii(h.name()) || (longName && (!pax.isEmpty() || ustarSplit(h.name()) < 0))) {
            pax.put("path", utf8(h.name()));
        }
        return pax;
    }

    /** {@code "<len> <key>=<value>\n"} records, where len counts the whole record including its own digits. */
    private static byte[] paxData(Map<String, byte[]> records) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        records.forEach((key, value) -> {
            byte[] k = utf8(key);
            int base = k.length + value.length + 3;
            int size = base + digits(base);
            size = base + digits(size);
            data.writeBytes(ascii(size + " "));
            data.writeBytes(k);
            data.write('=');
            data.writeBytes(value);
            data.write('\n');
        });
        return data.toByteArray();
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }

    private static byte[] paxBlock(String realName, int dataLength) {
        String trimmed = realName.endsWith("/") ? realName.substring(0, realName.length() - 1) : realName;
        int slash = trimmed.lastIndexOf('/');
        String name = slash < 0
                ? "PaxHeaders.0/" + trimmed
                : trimmed.substring(0, slash + 1) + "PaxHeaders.0/" + trimmed.substring(slash + 1);
        byte[] b = new byte[BLOCK];
        putString(b, 0, NAME_SIZE, stripTrailingSlashes(truncate(asciiOnly(name), NAME_SIZE)));
        putOctal(b, 100, 8, 0);
        putOctal(b, 108, 8, 0);
        putOctal(b, 116, 8, 0);
        putOctal(b, 124, 12, dataLength);
        putOctal(b, 136, 12, 0);
        b[156] = 'x';
        finish(b);
        return b;
    }

    private static byte[] ustarBlock(TarEntryHeader h, String name, String prefix) {
        if (!fitsOctal(8, h.devMajor()) || !fitsOctal(8, h.devMinor())) {
            throw BerthException.invalid("entry " + h.name() + ": device " + h.devMajor() + ":" + h.devMinor()
                    + " does not fit a ustar header");
        }
        byte[] b = new byte[BLOCK];
        putString(b, 0, NAME_SIZE, truncate(asciiOnly(name), NAME_SIZE));
        putOctal(b, 100, 8, h.mode());
        putOctal(b, 108, 8, fitsOctal(8, h.uid()) ? h.uid() : 0);
        putOctal(b, 116, 8, fitsOctal(8, h.gid()) ? h.gid() : 0);
        putOctal(b, 124, 12, fitsOctal(12, h.size()) ? h.size() : 0);
        long seconds = h.mtime().getEpochSecond();
        putOctal(b, 136, 12, fitsOctal(12, seconds) ? seconds : 0);
        b[156] = h.type().flag;
        putString(b, 157, NAME_SIZE, truncate(asciiOnly(h.linkName().orElse("")), NAME_SIZE));
        putOctal(b, 329, 8, h.devMajor());
        putOctal(b, 337, 8, h.devMinor());
        putString(b, 345, PREFIX_SIZE, prefix);
        finish(b);
        return b;
    }

    /** Writes the ustar magic and version, then the checksum computed with the checksum field as spaces. */
    private static void finish(byte[] b) {
        putString(b, 257, 6, "ustar");
        b[263] = '0';
        b[264] = '0';
        for (int i = 148; i < 156; i++) {
            b[i] = ' ';
        }
        long sum = 0;
        for (byte x : b) {
            sum += x & 0xff;
        }
        putOctal(b, 148, 7, sum);
        b[154] = 0;
        b[155] = ' ';
    }

    /** The index of the slash splitting {@code name} into ustar prefix and name, or -1 when it cannot be split. */
    static int ustarSplit(String name) {
        byte[] bytes = utf8(name);
        if (bytes.length <= NAME_SIZE || !isAscii(name)) {
            return -1;
        }
        int limit = Math.min(name.length(), PREFIX_SIZE + 1);
        if (limit == name.length() && name.endsWith("/")) {
            limit--;
        }
        int i = name.lastIndexOf('/', limit - 1);
        int nameLength = name.length() - i - 1;
        if (i <= 0 || nameLength > NAME_SIZE || nameLength == 0 || i > PREFIX_SIZE) {
            return -1;
        }
        return i;
    }

    /** Seconds since the epoch with up to 9 fraction digits, trailing zeros dropped, as pax {@code mtime} wants. */
    static String paxTime(Instant t) {
        long seconds = t.getEpochSecond();
        int nanos = t.getNano();
        if (nanos == 0) {
            return Long.toString(seconds);
        }
        String sign = "";
        if (seconds < 0) {
            sign = "-";
            seconds = -(seconds + 1);
            nanos = 1_000_000_000 - nanos;
        }
        String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
        return sign + seconds + "." + fraction;
    }

    /** Whether {@code x} fits a NUL-terminated octal field of {@code width} bytes. */
    private static boolean fitsOctal(int width, long x) {
        return x >= 0 && x < (1L << (3 * (width - 1)));
    }

    private static void putOctal(byte[] b, int offset, int width, long x) {
        String digits = Long.toOctalString(x);
        String padded = "0".repeat(Math.max(0, width - 1 - digits.length())) + digits;
        putString(b, offset, width, padded);
    }

    private static void putString(byte[] b, int offset, int width, String s) {
        byte[] bytes = ascii(s);
        System.arraycopy(bytes, 0, b, offset, Math.min(bytes.length, width));
    }

    private static String asciiOnly(String s) {
        return isAscii(s) ? s : s.codePoints().filter(c -> c < 0x80)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private static String truncate(String s, int width) {
        return s.length() > width ? s.substring(0, width) : s;
    }

    private static String stripTrailingSlashes(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(0, end);
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80 && c != 0);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
