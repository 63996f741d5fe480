package dev.berth.oci.error;

/**
 * The closed set of failure kinds every Berth component speaks (after containerd's {@code errdefs}).
 * Each server maps a kind to its wire form (HTTP status, registry error code, Docker's {@code {"message"}})
 * in exactly one place.
 */
public enum ErrorKind {
    /** The named object does not exist. */
    NOT_FOUND,
    /** The object to create exists already. */
    ALREADY_EXISTS,
    /** The request or the input is malformed or violates a rule (bad digest, path traversal, ...). */
    INVALID_ARGUMENT,
    /** The system is not in a state that allows the operation (e.g. an image in use). */
    FAILED_PRECONDITION,
    /** A concurrent change got in the way; retrying may succeed. */
    CONFLICT,
    /** Bytes received do not match what was promised (digest or size mismatch, truncated stream). */
    DATA_CORRUPTED,
    /** No credentials, or credentials that were not accepted. */
    UNAUTHORIZED,
    /** Authenticated, but not allowed. */
    DENIED,
    /** A dependency (disk, registry, runtime) cannot serve now. */
    UNAVAILABLE,
    /** Not supported by this implementation or configuration. */
    NOT_IMPLEMENTED,
    /** A bug or an unexpected I/O failure. */
    INTERNAL
}
