package dev.berth.registry.auth;

import dev.berth.oci.error.BerthException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A resource scope of the token spec ({@code docs/spec/auth/scope.md}): {@code type:name:action[,action...]}.
 * The name may itself hold a colon (a registry host with a port), so the type ends at the first colon and the actions
 * start after the last one.
 */
public record ResourceScope(String type, String name, Set<String> actions) {
    public ResourceScope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        actions = Set.copyOf(new LinkedHashSet<>(actions));
        for (String action : actions) {
            new Permission(type, name, action); // validates each part
        }
    }

    /** Parses one scope; a malformed one is INVALID_ARGUMENT naming it. */
    public static ResourceScope parse(String scope) {
        int first = scope.indexOf(':');
        int last = scope.lastIndexOf(':');
        if (first <= 0 || last == first || last == scope.length() - 1) {
            throw BerthException.invalid("scope " + quote(scope) + ": expected type:name:actions");
        }
        Set<String> actions = new LinkedHashSet<>();
        for (String action : scope.substring(last + 1).split(",")) {
            if (!action.isEmpty()) {
                actions.add(action);
            }
        }
        try {
            return new ResourceScope(scope.substring(0, first), scope.substring(first + 1, last), actions);
        } catch (IllegalArgumentException e) {
            throw BerthException.invalid("scope " + quote(scope) + ": " + e.getMessage());
        }
    }

    /** Parses the scopes of a token request: each parameter may hold several, separated by spaces (OAuth2 form). */
    public static List<ResourceScope> parseAll(List<String> params) {
        List<ResourceScope> out = new ArrayList<>();
        for (String param : params) {
            for (String scope : param.trim().split(" +")) {
                if (!scope.isEmpty()) {
                    out.add(parse(scope));
                }
            }
        }
        return List.copyOf(out);
    }

    /** Groups single permissions by resource, keeping their order, as a challenge's {@code scope} lists them. */
    public static List<ResourceScope> of(List<Permission> permissions) {
        List<ResourceScope> out = new ArrayList<>();
        for (Permission access : permissions) {
            int at = indexOf(out, access.type(), access.name());
            if (at < 0) {
                out.add(new ResourceScope(access.type(), access.name(), Set.of(access.action())));
            } else {
                Set<String> merged = new LinkedHashSet<>(ordered(out.get(at)));
                merged.add(access.action());
                out.set(at, new ResourceScope(access.type(), access.name(), merged));
            }
        }
        return List.copyOf(out);
    }

    public List<Permission> permissions() {
        return ordered(this).stream().map(a -> new Permission(type, name, a)).toList();
    }

    @Override
    public String toString() {
        return type + ":" + name + ":" + String.join(",", ordered(this));
    }

    /** Actions in a stable order (pull, push, delete, then the rest sorted) so challenges and claims read the same. */
    private static List<String> ordered(ResourceScope scope) {
        List<String> known = List.of(Permission.PULL, Permission.PUSH, Permission.DELETE);
        List<String> out = new ArrayList<>();
        known.stream().filter(scope.actions::contains).forEach(out::add);
        scope.actions.stream().filter(a -> !known.contains(a)).sorted().forEach(out::add);
        return out;
    }

    private static int indexOf(List<ResourceScope> scopes, String type, String name) {
        for (int i = 0; i < scopes.size(); i++) {
            if (scopes.get(i).type.equals(type) && scopes.get(i).name.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
