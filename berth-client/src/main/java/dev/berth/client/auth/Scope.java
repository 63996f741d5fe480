package dev.berth.client.auth;

import dev.berth.oci.error.BerthException;
import java.util.List;
import java.util.Objects;

/**
 * A token scope of the distribution token protocol: {@code repository:<name>:<action>[,<action>...]}, e.g.
 * {@code repository:library/busybox:pull,push}.
 */
public record Scope(String repository, List<String> actions) {
    public Scope {
        Objects.requireNonNull(repository, "repository");
        actions = List.copyOf(actions);
        if (repository.isEmpty() || actions.isEmpty()) {
            throw BerthException.invalid("scope needs a repository and at least one action");
        }
    }

    public static Scope pull(String repository) {
        return new Scope(repository, List.of("pull"));
    }

    public static Scope pullPush(String repository) {
        return new Scope(repository, List.of("pull", "push"));
    }

    @Override
    public String toString() {
        return "repository:" + repository + ":" + String.join(",", actions);
    }
}
