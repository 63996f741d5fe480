package dev.berth.registry.api;

/**
 * The error codes of the OCI Distribution Specification v1.1 ("Error Codes") and distribution's extras, each
 * registered once with its message and HTTP status (after distribution's {@code registry/api/errcode}).
 */
public enum ErrorCode {
    BLOB_UNKNOWN("blob unknown to registry", 404),
    BLOB_UPLOAD_INVALID("blob upload invalid", 400),
    BLOB_UPLOAD_UNKNOWN("blob upload unknown to registry", 404),
    DIGEST_INVALID("provided digest did not match uploaded content", 400),
    MANIFEST_BLOB_UNKNOWN("manifest references a manifest or blob unknown to registry", 400),
    MANIFEST_INVALID("manifest invalid", 400),
    MANIFEST_UNKNOWN("manifest unknown to registry", 404),
    NAME_INVALID("invalid repository name", 400),
    NAME_UNKNOWN("repository name not known to registry", 404),
    SIZE_INVALID("provided length did not match content length", 400),
    TAG_INVALID("manifest tag did not match URI", 400),
    UNAUTHORIZED("authentication required", 401),
    DENIED("requested access to the resource is denied", 403),
    UNSUPPORTED("the operation is unsupported", 405),
    TOOMANYREQUESTS("too many requests", 429),
    /** A chunk that does not start where the upload stands ({@code Content-Range}). */
    RANGE_INVALID("invalid content range", 416),
    /** A manifest above the size limit. */
    MANIFEST_TOO_LARGE("manifest exceeds the size limit", 413),
    PAGINATION_NUMBER_INVALID("invalid number of results requested", 400),
    /** No endpoint at this path. */
    NOT_FOUND("page not found", 404),
    UNKNOWN("unknown error", 500),
    UNAVAILABLE("service unavailable", 503);

    private final String message;
    private final int status;

    ErrorCode(String message, int status) {
        this.message = message;
        this.status = status;
    }

    public String message() {
        return message;
    }

    public int status() {
        return status;
    }

    /** The code on the wire; the 413 keeps the spec's code for a size problem. */
    public String wireCode() {
        return this == MANIFEST_TOO_LARGE ? "SIZE_INVALID" : this == RANGE_INVALID ? "BLOB_UPLOAD_INVALID" : name();
    }
}
