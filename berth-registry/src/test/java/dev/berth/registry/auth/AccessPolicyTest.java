package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
    private static final Optional<String> ALICE = Optional.of("alice");
    private static final Optional<String> BOB = Optional.of("bob");
    private static final Optional<String> ANON = Optional.empty();

    private final AccessPolicy policy = new AccessPolicy(List.of(
            AccessRule.repository("public/*", List.of(AccessRule.ANONYMOUS, AccessRule.ANY_USER), "pull"),
            AccessRule.repository("team/**", List.of("alice"), "pull", "push", "delete"),
            AccessRule.repository("bob/app", List.of("bob"), "*"),
            AccessRule.catalog(List.of("alice"))));

    @Test
    void withoutRules_authenticatedUsersMayDoEverything_anonymousNothing() {
        AccessPolicy open = AccessPolicy.authenticatedUsers();
        assertThat(open.allows(ALICE, Permission.repository("x", "delete"))).isTrue();
        assertThat(open.allows(ALICE, Permission.CATALOG)).isTrue();
        assertThat(open.allows(ANON, Permission.repository("x", "pull"))).isFalse();
    }

    @Test
    void singleStar_staysInOneComponent_doubleStarCrosses() {
        assertThat(policy.allows(ANON, Permission.repository("public/busybox", "pull"))).isTrue();
        assertThat(policy.allows(ANON, Permission.repository("public/a/b", "pull"))).isFalse();
        assertThat(policy.allows(ALICE, Permission.repository("team/a/b/c", "push"))).isTrue();
        assertThat(policy.allows(ALICE, Permission.repository("team", "push"))).isFalse();
    }

    @Test
    void actionsAndUsersAreChecked() {
        assertThat(policy.allows(ANON, Permission.repository("public/busybox", "push"))).isFalse();
        assertThat(policy.allows(BOB, Permission.repository("team/x", "pull"))).isFalse();
        assertThat(policy.allows(BOB, Permission.repository("bob/app", "delete"))).isTrue();
        assertThat(policy.allows(BOB, Permission.repository("public/x", "pull"))).isTrue();
        assertThat(policy.allows(ALICE, Permission.CATALOG)).isTrue();
        assertThat(policy.allows(BOB, Permission.CATALOG)).isFalse();
    }

    @Test
    void globsNeverMatchNamesOutsideTheGrammar() {
        assertThat(policy.allows(ALICE, Permission.repository("team/../secret", "pull"))).isFalse();
        assertThat(policy.allows(ALICE, Permission.repository("team//x", "pull"))).isFalse();
        assertThat(policy.allows(ALICE, Permission.repository("team/X", "pull"))).isFalse();
    }

    @Test
    void granted_keepsOnlyWhatIsAllowed() {
        assertThat(policy.granted(ANON, List.of(Permission.repository("public/a", "pull"),
                Permission.repository("public/a", "push")))).containsExactly(Permission.repository("public/a", "pull"));
    }

    @Test
    void rulesAreValidated() {
        assertThatThrownBy(() -> AccessRule.repository("x", List.of("a"), "fly"))
                .hasMessageContaining("actions must be some of");
        assertThatThrownBy(() -> AccessRule.repository("x", List.of(), "pull")).hasMessageContaining("users");
    }
}
