package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceScopeTest {
    @Test
    void parse_splitsTypeNameAndActions() {
        ResourceScope scope = ResourceScope.parse("repository:library/busybox:push,pull");
        assertThat(scope.type()).isEqualTo("repository");
        assertThat(scope.name()).isEqualTo("library/busybox");
        assertThat(scope.actions()).containsExactlyInAnyOrder("pull", "push");
        assertThat(scope).hasToString("repository:library/busybox:pull,push");
    }

    @Test
    void parse_keepsColonsInsideTheName() {
        ResourceScope scope = ResourceScope.parse("repository:localhost:5000/app:pull");
        assertThat(scope.name()).isEqualTo("localhost:5000/app");
        assertThat(ResourceScope.parse("registry:catalog:*").permissions()).containsExactly(Permission.CATALOG);
    }

    @Test
    void parse_rejectsMalformedScopes() {
        for (String bad : List.of("repository", "repository:foo", ":foo:pull", "repository:foo:", "a::pull")) {
            assertThatThrownBy(() -> ResourceScope.parse(bad)).as(bad).isInstanceOf(BerthException.class)
                    .hasMessageContaining("scope");
        }
    }

    @Test
    void parseAll_acceptsSpaceSeparatedScopesInOneParameter() {
        assertThat(ResourceScope.parseAll(List.of("repository:a:pull repository:b:push", "registry:catalog:*")))
                .extracting(ResourceScope::toString)
                .containsExactly("repository:a:pull", "repository:b:push", "registry:catalog:*");
    }

    @Test
    void of_groupsAccessesByResourceInOrder() {
        List<ResourceScope> scopes = ResourceScope.of(List.of(Permission.repository("b", "push"),
                Permission.repository("a", "pull"), Permission.repository("b", "pull")));
        assertThat(scopes).extracting(ResourceScope::toString).containsExactly("repository:b:pull,push",
                "repository:a:pull");
    }
}
