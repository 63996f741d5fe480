package dev.berth.engine.api;

import dev.berth.oci.error.BerthException;
import java.io.ByteArrayOutputStream;

/** docker's detach key sequences ({@code ctrl-p,ctrl-q}, {@code a,ctrl-@}): moby {@code term.ToBytes}. */
final class DetachKeys {
    static final String DEFAULT = "ctrl-p,ctrl-q";

    private DetachKeys() {}

    static byte[] parse(String keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String key : keys.split(",")) {
            String k = key.strip();
            if (k.length() == 1) {
                out.write(k.charAt(0));
            } else if (k.startsWith("ctrl-") && k.length() == 6) {
                char c = Character.toLowerCase(k.charAt(5));
                if (c >= 'a' && c <= 'z') {
                    out.write(c - 'a' + 1);
                } else if (c >= '@' && c <= '_' && "@[\\]^_".indexOf(c) >= 0) {
                    out.write(c == '@' ? 0 : c - '[' + 27);
                } else {
                    throw invalid(keys);
                }
            } else {
                throw invalid(keys);
            }
        }
        return out.toByteArray();
    }

    private static BerthException invalid(String keys) {
        return BerthException.invalid("Invalid detach keys (" + keys + ") provided");
    }
}
