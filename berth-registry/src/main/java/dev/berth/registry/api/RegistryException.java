package dev.berth.registry.api;

import java.util.Map;
import java.util.Objects;

/**
 * An error to send to the client as the spec's JSON (distribution's {@code errcode.Error}): the code, a detail naming
 * the object, and extra response headers (e.g. {@code WWW-Authenticate} of a 401, {@code Range} of a 416). Handlers
 * only throw it; {@link dev.berth.registry.http.ErrorResponses} writes it.
 */
public final class RegistryException extends RuntimeException {
    private final ErrorCode code;
    private final Map<String, String> headers;

    public RegistryException(ErrorCode code, String detail) {
        this(code, detail, Map.of(), null);
    }

    public RegistryException(ErrorCode code, String detail, Throwable cause) {
        this(code, detail, Map.of(), cause);
    }

    public RegistryException(ErrorCode code, String detail, Map<String, String> headers, Throwable cause) {
        super(Objects.requireNonNull(detail, "detail"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.headers = Map.copyOf(headers);
    }

    public ErrorCode code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return headers;
    }
}
