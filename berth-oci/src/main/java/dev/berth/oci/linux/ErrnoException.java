package dev.berth.oci.linux;

import java.io.IOException;

/** A failed syscall: the message names the call and the path, {@link #errno()} lets callers tell causes apart. */
public final class ErrnoException extends IOException {
    public static final int EPERM = 1;
    /** No such device or address: among others, a fifo opened for writing without waiting has no reader. */
    public static final int ENXIO = 6;
    public static final int EINVAL = 22;
    public static final int ERANGE = 34;
    public static final int E2BIG = 7;
    public static final int ENOTSUP = 95;

    private final int errno;

    public ErrnoException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
