package dev.berth.registry.auth;

import java.util.Objects;

/**
 * One action on one resource, the unit the token spec grants and a request needs: {@code repository:library/busybox:pull},
 * {@code registry:catalog:*}. The resource type may carry a class in parentheses ({@code repository(plugin)}).
 */
public record Permission(String type, String name, String action) {
    public static final String REPOSITORY = "repository";
    public static final String REGISTRY = "registry";
    public static final String PULL = "pull";
    public static final String PUSH = "push";
    public static final String DELETE = "delete";
    public static final String ALL = "*";
    /** Listing {@code /v2/_catalog}, as distribution asks for it. */
    public static final Permission CATALOG = new Permission(REGISTRY, "catalog", ALL);

    public Permission {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        if (type.isEmpty() || type.contains(":") || name.isEmpty() || action.isEmpty() || action.contains(",")) {
            throw new IllegalArgumentException("access " + type + ":" + name + ":" + action + ": empty or malformed part");
        }
    }

    public static Permission repository(String name, String action) {
        return new Permission(REPOSITORY, name, action);
    }

    /** The resource type without its class: {@code repository(plugin)} is a {@code repository}. */
    public String baseType() {
        int paren = type.indexOf('(');
        return paren < 0 ? type : type.substring(0, paren);
    }

    @Override
    public String toString() {
        return type + ":" + name + ":" + action;
    }
}
