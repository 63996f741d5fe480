package dev.berth.cli.terminal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Watches typed input for the detach sequence (ctrl-p ctrl-q by default): bytes that could start it are held back;
 * if the sequence completes, reading fails with {@link DetachException} and nothing of it reaches the container;
 * if it does not, the held bytes pass on. docker's {@code term.NewEscapeProxy}.
 */
public final class EscapeProxy extends FilterInputStream {
    private final byte[] keys;
    private int matched;
    private byte[] pending = new byte[0];
    /** The sequence completed after bytes that still had to be passed on: the next read reports it. */
    private boolean detachPending;

    public EscapeProxy(InputStream in, byte[] keys) {
        super(in);
        if (keys.length == 0) {
            throw new IllegalArgumentException("empty detach key sequence");
        }
        this.keys = keys.clone();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (pending.length == 0 && detachPending) {
            throw new DetachException();
        }
        if (pending.length > 0) {
            int n = Math.min(len, pending.length);
            System.arraycopy(pending, 0, b, off, n);
            pending = Arrays.copyOfRange(pending, n, pending.length);
            return n;
        }
        while (true) {
            byte[] chunk = new byte[Math.max(len, 1)];
            int n = in.read(chunk, 0, len);
            if (n < 0) {
                return -1;
            }
            byte[] passed = filter(chunk, n);
            if (passed.length > 0) {
                int copy = Math.min(len, passed.length);
                System.arraycopy(passed, 0, b, off, copy);
                pending = Arrays.copyOfRange(passed, copy, passed.length);
                return copy;
            }
        }
    }

    private byte[] filter(byte[] chunk, int n) throws DetachException {
        byte[] out = new byte[n + keys.length];
        int size = 0;
        for (int i = 0; i < n; i++) {
            byte c = chunk[i];
            if (c == keys[matched]) {
                matched++;
                if (matched == keys.length) {
                    if (size == 0) {
                        throw new DetachException();
                    }
                    detachPending = true;
                    break;
                }
                continue;
            }
            if (matched > 0) {
                // a near miss: what was held back was typed input after all
                System.arraycopy(keys, 0, out, size, matched);
                size += matched;
                matched = 0;
                if (c == keys[0]) {
                    matched = 1;
                    continue;
                }
            }
            out[size++] = c;
        }
        return Arrays.copyOf(out, size);
    }

    /**
     * The detach keys as docker's {@code --detach-keys} writes them: comma-separated single characters or
     * {@code ctrl-X} (X one of a–z, @, [, \, ], ^, _).
     */
    public static byte[] parseKeys(String text) {
        String[] parts = text.split(",");
        byte[] keys = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String key = parts[i].trim();
            if (key.length() == 1) {
                keys[i] = (byte) key.charAt(0);
            } else if (key.length() == 6 && key.toLowerCase(java.util.Locale.ROOT).startsWith("ctrl-")) {
                char c = Character.toLowerCase(key.charAt(5));
                if (c >= 'a' && c <= 'z') {
                    keys[i] = (byte) (c - 'a' + 1);
                } else if ("@[\\]^_".indexOf(c) >= 0) {
                    keys[i] = (byte) ("@[\\]^_".indexOf(c) == 0 ? 0 : 27 + "[\\]^_".indexOf(c));
                } else {
                    throw new IllegalArgumentException("Unknown character: '" + key + "'");
                }
            } else {
                throw new IllegalArgumentException("Unknown character: '" + key + "'");
            }
        }
        return keys;
    }

    /** The user typed the detach sequence. */
    public static final class DetachException extends IOException {
        public DetachException() {
            super("read escape sequence");
        }
    }
}
