package dev.berth.registry.auth;

import java.util.List;
import java.util.Optional;

/**
 * Who may do what: the union of the {@link AccessRule}s that apply to a user. Without rules every authenticated user
 * may do everything and anonymous clients nothing, as with distribution's htpasswd and token modes.
 */
public record AccessPolicy(List<AccessRule> rules) {
    public AccessPolicy {
        rules = List.copyOf(rules);
    }

    /** The policy without rules: authenticated users may do everything, anonymous clients nothing. */
    public static AccessPolicy authenticatedUsers() {
        return new AccessPolicy(List.of());
    }

    /** Whether {@code user} (empty: no credentials) may do {@code access}. */
    public boolean allows(Optional<String> user, Permission access) {
        if (rules.isEmpty()) {
            return user.isPresent();
        }
        for (AccessRule rule : rules) {
            if (rule.appliesTo(user) && rule.grants(access)) {
                return true;
            }
        }
        return false;
    }

    /** The part of {@code requested} that {@code user} may do: what a token for them carries. */
    public List<Permission> granted(Optional<String> user, List<Permission> requested) {
        return requested.stream().filter(a -> allows(user, a)).toList();
    }
}
