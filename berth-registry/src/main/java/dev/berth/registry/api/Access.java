package dev.berth.registry.api;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a request needs to be allowed, in the terms of Docker's token scopes: {@code repository:<name>:<actions>} or
 * {@code registry:catalog:*}. {@code /v2/} needs no access, only authentication.
 */
public record Access(String type, String resource, Set<Action> actions) {
    public enum Action {
        PULL, PUSH, DELETE, ALL;

        public String wire() {
            return this == ALL ? "*" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Access {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(resource, "resource");
        actions = Set.copyOf(actions);
    }

    public static Access repository(RepositoryName name, Action... actions) {
        return new Access("repository", name.value(), Set.of(actions));
    }

    public static Access catalog() {
        return new Access("registry", "catalog", Set.of(Action.ALL));
    }

    /**
     * The access {@code method} on {@code route} needs; a cross-repository mount also needs pull on {@code from}.
     */
    public static List<Access> required(String method, Route route, java.util.Optional<RepositoryName> mountFrom) {
        return switch (route) {
            case Route.Base b -> List.of();
            case Route.Catalog c -> List.of(catalog());
            case Route.Tags t -> List.of(repository(t.name(), Action.PULL));
            case Route.Referrers r -> List.of(repository(r.name(), Action.PULL));
            case Route.Manifest m -> List.of(repository(m.name(), forMethod(method)));
            case Route.Blob b -> List.of(repository(b.name(), forMethod(method)));
            case Route.Upload u -> List.of(repository(u.name(), Action.PULL, Action.PUSH));
            case Route.UploadStart u -> mountFrom
                    .map(from -> List.of(repository(u.name(), Action.PULL, Action.PUSH), repository(from, Action.PULL)))
                    .orElse(List.of(repository(u.name(), Action.PULL, Action.PUSH)));
        };
    }

    private static Action forMethod(String method) {
        return switch (method) {
            case "GET", "HEAD" -> Action.PULL;
            case "DELETE" -> Action.DELETE;
            default -> Action.PUSH;
        };
    }

    /** The scope string, e.g. {@code repository:library/busybox:pull,push}. */
    public String scope() {
        return type + ":" + resource + ":" + String.join(",",
                actions.stream().sorted().map(Action::wire).toList());
    }

    @Override
    public String toString() {
        return scope();
    }
}
