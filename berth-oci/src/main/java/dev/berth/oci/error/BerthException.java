package dev.berth.oci.error;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The one unchecked exception of Berth: a {@link ErrorKind} and a message that names the action and the object,
 * keeping the cause. Wrap with {@link #wrap} to add context while keeping the kind:
 * {@code pull docker.io/library/busybox:latest: layer sha256:ab12…: digest mismatch}.
 */
public final class BerthException extends RuntimeException {
    private static final String JDK_ENOSPC = "No space left on device";

    private final ErrorKind kind;

    public BerthException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public BerthException(ErrorKind kind, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ErrorKind kind() {
        return kind;
    }

    public static BerthException notFound(String message) {
        return new BerthException(ErrorKind.NOT_FOUND, message);
    }

    public static BerthException invalid(String message) {
        return new BerthException(ErrorKind.INVALID_ARGUMENT, message);
    }

    public static BerthException corrupted(String message) {
        return new BerthException(ErrorKind.DATA_CORRUPTED, message);
    }

    /**
     * An I/O failure while doing {@code action}; a full disk becomes {@link ErrorKind#UNAVAILABLE}, worded as docker
     * (Go's errno text) words it: {@code no space left on device}.
     */
    public static BerthException io(String action, IOException cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        boolean full = detail.contains(JDK_ENOSPC);
        detail = detail.replace(JDK_ENOSPC, "no space left on device");
        return new BerthException(full ? ErrorKind.UNAVAILABLE : ErrorKind.INTERNAL, action + ": " + detail, cause);
    }

    /** Adds {@code context} in front of the message of {@code e}, keeping its kind; other exceptions become INTERNAL. */
    public static BerthException wrap(String context, Throwable e) {
        return switch (e) {
            case BerthException b -> new BerthException(b.kind, context + ": " + b.getMessage(), b);
            case UncheckedIOException u -> io(context, u.getCause());
            case IOException io -> io(context, io);
            default -> new BerthException(ErrorKind.INTERNAL, context + ": " + e, e);
        };
    }
}
