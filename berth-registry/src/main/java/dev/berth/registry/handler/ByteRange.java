package dev.berth.registry.handler;

import dev.berth.registry.api.ErrorCode;
import dev.berth.registry.api.RegistryException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single byte range of a blob GET (RFC 9110 "Range"): {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}.
 * Several ranges are not supported: such a request gets the whole blob, which RFC 9110 allows.
 */
record ByteRange(long offset, long length) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    static Optional<ByteRange> parse(Optional<String> header, long size) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.get().trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            long start;
            long end;
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                start = Math.max(0, size - suffix);
                end = size - 1;
            } else {
                start = Long.parseLong(m.group(1));
                end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            }
            if (start >= size || end < start) {
                throw unsatisfiable(header.get(), size);
            }
            return Optional.of(new ByteRange(start, end - start + 1));
        } catch (NumberFormatException e) {
            throw unsatisfiable(header.get(), size);
        }
    }

    String contentRange(long size) {
        return "bytes " + offset + "-" + (offset + length - 1) + "/" + size;
    }

    private static RegistryException unsatisfiable(String header, long size) {
        return new RegistryException(ErrorCode.RANGE_INVALID, "range " + header + " not satisfiable for " + size
                + " bytes", Map.of("Content-Range", "bytes */" + size), null);
    }
}
