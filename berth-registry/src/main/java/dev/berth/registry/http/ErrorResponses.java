package dev.berth.registry.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Json;
import dev.berth.registry.api.ErrorCode;
import dev.berth.registry.api.RegistryException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The one place errors become responses: the spec's JSON {@code {"errors":[{"code","message","detail"}]}} with the
 * code's status. A {@link BerthException} that reaches here is mapped by its kind.
 */
public final class ErrorResponses {
    private ErrorResponses() {}

    public static void send(Exchange exchange, Throwable failure) {
        RegistryException e = toRegistry(failure);
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        e.headers().forEach(headers::set);
        exchange.send(HttpResponseStatus.valueOf(e.code().status()), headers, json(e));
    }

    static RegistryException toRegistry(Throwable failure) {
        return switch (failure) {
            case RegistryException r -> r;
            case BerthException b -> new RegistryException(switch (b.kind()) {
                case NOT_FOUND -> ErrorCode.NAME_UNKNOWN;
                case INVALID_ARGUMENT, FAILED_PRECONDITION -> ErrorCode.MANIFEST_INVALID;
                case DATA_CORRUPTED -> ErrorCode.DIGEST_INVALID;
                case CONFLICT -> ErrorCode.BLOB_UPLOAD_INVALID;
                case UNAUTHORIZED -> ErrorCode.UNAUTHORIZED;
                case DENIED -> ErrorCode.DENIED;
                case NOT_IMPLEMENTED -> ErrorCode.UNSUPPORTED;
                case UNAVAILABLE -> ErrorCode.UNAVAILABLE;
                case ALREADY_EXISTS, INTERNAL -> ErrorCode.UNKNOWN;
            }, b.getMessage(), b);
            default -> new RegistryException(ErrorCode.UNKNOWN, String.valueOf(failure), failure);
        };
    }

    static byte[] json(RegistryException e) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode errors = root.putArray("errors");
        ObjectNode error = errors.addObject();
        error.put("code", e.code().wireCode());
        error.put("message", e.code().message());
        error.put("detail", e.detail());
        return Json.bytes(root);
    }
}
