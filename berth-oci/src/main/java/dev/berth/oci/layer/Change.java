package dev.berth.oci.layer;

import dev.berth.oci.error.BerthException;
import java.util.Objects;

/**
 * One line of {@code docker diff}: a kind and an absolute path in the container's filesystem, {@code "A /etc/foo"}
 * (Docker Engine API, {@code GET /containers/{id}/changes}). {@link #toString()} is that line.
 */
public record Change(Kind kind, String path) {
    /** The three kinds, declared in the order of the Engine API's numeric {@code Kind}. */
    public enum Kind {
        MODIFIED('C'),
        ADDED('A'),
        DELETED('D');

        private final char symbol;

        Kind(char symbol) {
            this.symbol = symbol;
        }

        /** The letter {@code docker diff} prints. */
        public char symbol() {
            return symbol;
        }

        /** The Engine API's {@code Kind}: 0 modified, 1 added, 2 deleted. */
        public int apiCode() {
            return ordinal();
        }

        static Kind ofSymbol(char c) {
            for (Kind k : values()) {
                if (k.symbol == c) {
                    return k;
                }
            }
            throw BerthException.invalid("invalid change kind '" + c + "': expected A, C or D");
        }
    }

    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.length() < 2 || path.endsWith("/")) {
            throw BerthException.invalid("invalid change path \"" + path + "\": expected an absolute path below /");
        }
    }

    /** Parses a {@code docker diff} line such as {@code "C /etc"}. */
    public static Change parse(String line) {
        Objects.requireNonNull(line, "change");
        if (line.length() < 3 || line.charAt(1) != ' ') {
            throw BerthException.invalid("invalid change \"" + line + "\": expected \"<A|C|D> <path>\"");
        }
        return new Change(Kind.ofSymbol(line.charAt(0)), line.substring(2));
    }

    @Override
    public String toString() {
        return kind.symbol + " " + path;
    }
}
