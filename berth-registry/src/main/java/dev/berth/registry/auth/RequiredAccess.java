package dev.berth.registry.auth;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Distribution API request needs, as distribution asks for it: {@code GET}/{@code HEAD} pull,
 * {@code POST}/{@code PUT}/{@code PATCH} pull and push, {@code DELETE} delete, on the repository named in the path;
 * {@code /v2/_catalog} {@code registry:catalog:*}; {@code /v2/} only an identity. Requests outside {@code /v2/} are not
 * the Distribution API and get no answer here.
 */
public final class RequiredAccess {
    /**
     * The name runs up to the last route keyword, as distribution's router matches it; the name's own grammar is the
     * handler's to enforce (NAME_INVALID), and the policy only ever grants names that follow it.
     */
    private static final Pattern REPOSITORY_ROUTE = Pattern.compile(
            "^/v2/(.+)/(?:manifests/[^/]+|blobs/uploads/?[^/]*|blobs/[^/]+|tags/list|referrers/[^/]+)$");

    private RequiredAccess() {}

    /**
     * The accesses {@code method} on {@code path} (decoded, without the query) needs; empty when the path is not under
     * {@code /v2/}.
     */
    public static Optional<List<Access>> of(String method, String path) {
        if (path.equals("/v2") || path.equals("/v2/")) {
            return Optional.of(List.of());
        }
        if (!path.startsWith("/v2/")) {
            return Optional.empty();
        }
        if (path.equals("/v2/_catalog")) {
            return Optional.of(List.of(Access.CATALOG));
        }
        Matcher m = REPOSITORY_ROUTE.matcher(path);
        if (!m.matches()) {
            // An unknown route still needs an identity; the handler answers it with 404.
            return Optional.of(List.of());
        }
        String name = m.group(1);
        return Optional.of(switch (method) {
            case "GET", "HEAD" -> List.of(Access.repository(name, Access.PULL));
            case "DELETE" -> List.of(Access.repository(name, Access.DELETE));
            default -> List.of(Access.repository(name, Access.PULL), Access.repository(name, Access.PUSH));
        });
    }
}
