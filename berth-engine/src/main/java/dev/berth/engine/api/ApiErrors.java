package dev.berth.engine.api;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * The one place where failures become Engine API errors: docker's status codes (moby {@code errdefs/http_helpers.go})
 * and its body {@code {"message": "..."}}.
 */
final class ApiErrors {
    private ApiErrors() {}

    static HttpResponseStatus status(Throwable e) {
        if (!(e instanceof BerthException b)) {
            return HttpResponseStatus.INTERNAL_SERVER_ERROR;
        }
        return switch (b.kind()) {
            case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            case INVALID_ARGUMENT -> HttpResponseStatus.BAD_REQUEST;
            case ALREADY_EXISTS, CONFLICT, FAILED_PRECONDITION -> HttpResponseStatus.CONFLICT;
            case UNAUTHORIZED -> HttpResponseStatus.UNAUTHORIZED;
            case DENIED -> HttpResponseStatus.FORBIDDEN;
            case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case NOT_IMPLEMENTED -> HttpResponseStatus.NOT_IMPLEMENTED;
            case DATA_CORRUPTED, INTERNAL -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
    }

    static Map<String, String> body(Throwable e) {
        String message = e instanceof BerthException ? e.getMessage() : String.valueOf(e);
        return Map.of("message", message);
    }

    static boolean isServerFault(Throwable e) {
        return !(e instanceof BerthException b) || b.kind() == ErrorKind.INTERNAL;
    }
}
