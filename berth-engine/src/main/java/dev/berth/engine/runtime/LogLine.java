package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.Instant;

/**
 * One line of a conmon k8s-file log (the CRI log format): {@code TIMESTAMP STREAM TAG TEXT}, the timestamp RFC 3339
 * with nanoseconds, STREAM {@code stdout} or {@code stderr}, TAG {@code F} for a full line or {@code P} for a partial
 * one (a long line cut, or output not ended by a newline), TEXT without its newline.
 */
public record LogLine(Instant time, Stream stream, boolean partial, String text) {
    public enum Stream { STDOUT, STDERR }

    public static LogLine parse(String line) {
        String[] f = line.split(" ", 4);
        if (f.length < 3) {
            throw BerthException.corrupted("k8s-file log line: " + line);
        }
        Stream stream = switch (f[1]) {
            case "stdout" -> Stream.STDOUT;
            case "stderr" -> Stream.STDERR;
            default -> throw BerthException.corrupted("k8s-file log line: stream " + f[1]);
        };
        return new LogLine(OffsetDateTime.parse(f[0]).toInstant(), stream, f[2].equals("P"),
                f.length == 4 ? f[3] : "");
    }

    /** The bytes the container wrote: the text, and its newline unless the line was partial. */
    public byte[] bytes() {
        return (partial ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
