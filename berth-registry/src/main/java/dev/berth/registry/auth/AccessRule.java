package dev.berth.registry.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One line of the access policy: who may do what to which repositories, or to the catalog.
 *
 * <pre>
 * - repository: "team/**"        # glob: '*' stays within one path component, '**' crosses them
 *   users: [alice, bob]          # names from htpasswd; "*" = any authenticated user; "anonymous" = no credentials
 *   actions: [pull, push, delete]
 * - catalog: true                # GET /v2/_catalog (registry:catalog:*)
 *   users: ["*"]
 * </pre>
 */
public record AccessRule(Optional<String> repository, boolean catalog, List<String> users, Set<String> actions) {
    public static final String ANY_USER = "*";
    public static final String ANONYMOUS = "anonymous";
    private static final Set<String> REPOSITORY_ACTIONS = Set.of(Permission.PULL, Permission.PUSH, Permission.DELETE, Permission.ALL);

    public AccessRule {
        Objects.requireNonNull(repository, "repository");
        users = List.copyOf(users);
        actions = Set.copyOf(actions);
        if (repository.isPresent() == catalog) {
            throw new IllegalArgumentException("access rule: give either repository: PATTERN or catalog: true");
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("access rule " + describe(repository, catalog) + ": users is empty");
        }
        if (repository.isPresent()) {
            if (actions.isEmpty() || !REPOSITORY_ACTIONS.containsAll(actions)) {
                throw new IllegalArgumentException("access rule " + describe(repository, catalog)
                        + ": actions must be some of pull, push, delete, *; got " + actions);
            }
            if (repository.get().isEmpty()) {
                throw new IllegalArgumentException("access rule: repository pattern is empty");
            }
        }
    }

    @JsonCreator
    static AccessRule fromYaml(@JsonProperty("repository") String repository, @JsonProperty("catalog") Boolean catalog,
            @JsonProperty("users") List<String> users, @JsonProperty("actions") List<String> actions) {
        boolean isCatalog = Boolean.TRUE.equals(catalog);
        return new AccessRule(Optional.ofNullable(repository), isCatalog, users == null ? List.of() : users,
                actions == null ? (isCatalog ? Set.of(Permission.ALL) : Set.of()) : Set.copyOf(actions));
    }

    public static AccessRule repository(String pattern, List<String> users, String... actions) {
        return new AccessRule(Optional.of(pattern), false, users, Set.of(actions));
    }

    public static AccessRule catalog(List<String> users) {
        return new AccessRule(Optional.empty(), true, users, Set.of(Permission.ALL));
    }

    /** Whether this rule speaks for {@code user} (empty: no credentials). */
    boolean appliesTo(Optional<String> user) {
        return user.map(u -> users.contains(u) || users.contains(ANY_USER)).orElse(users.contains(ANONYMOUS));
    }

    /** Whether this rule grants {@code access}, for whoever it applies to. */
    boolean grants(Permission access) {
        if (catalog) {
            return access.equals(Permission.CATALOG);
        }
        return access.baseType().equals(Permission.REPOSITORY)
                && (actions.contains(Permission.ALL) || actions.contains(access.action()))
                && isSafeName(access.name())
                && glob(repository.orElseThrow()).matcher(access.name()).matches();
    }

    /**
     * A glob must not let {@code public/**} reach {@code public/../private}: only names made of components that start
     * and end with a lowercase letter or digit (the spec's grammar) are matched at all.
     */
    private static boolean isSafeName(String name) {
        for (String component : name.split("/", -1)) {
            if (component.isEmpty() || !isAlnum(component.charAt(0))
                    || !isAlnum(component.charAt(component.length() - 1))) {
                return false;
            }
            for (int i = 0; i < component.length(); i++) {
                char c = component.charAt(i);
                if (!(isAlnum(c) || c == '.' || c == '_' || c == '-')) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static String describe(Optional<String> repository, boolean catalog) {
        return repository.map(r -> "for " + r).orElse(catalog ? "for the catalog" : "");
    }
}
