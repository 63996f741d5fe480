package dev.berth.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.digest.Digest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteParserTest {
    private static final Digest D = Digest.sha256("x");

    @Test
    void everyEndpointShape() {
        assertThat(RouteParser.parse("/v2/")).contains(new Route.Base());
        assertThat(RouteParser.parse("/v2/_catalog")).contains(new Route.Catalog());
        assertThat(RouteParser.parse("/v2/a/b/tags/list")).contains(new Route.Tags(RepositoryName.of("a/b")));
        assertThat(RouteParser.parse("/v2/a/manifests/latest"))
                .contains(new Route.Manifest(RepositoryName.of("a"), "latest"));
        assertThat(RouteParser.parse("/v2/a/blobs/" + D)).contains(new Route.Blob(RepositoryName.of("a"), D.toString()));
        assertThat(RouteParser.parse("/v2/a/blobs/uploads/")).contains(new Route.UploadStart(RepositoryName.of("a")));
        assertThat(RouteParser.parse("/v2/a/blobs/uploads/u1")).contains(new Route.Upload(RepositoryName.of("a"), "u1"));
        assertThat(RouteParser.parse("/v2/a/referrers/" + D)).contains(new Route.Referrers(RepositoryName.of("a"), D));
        assertThat(RouteParser.parse("/healthz")).isEmpty();
        assertThat(RouteParser.parse("/v2/a/unknown")).isEmpty();
    }

    @Test
    void namesMayContainEndpointWords() {
        assertThat(RouteParser.parse("/v2/blobs/manifests/manifests/v1"))
                .contains(new Route.Manifest(RepositoryName.of("blobs/manifests"), "v1"));
        assertThat(RouteParser.parse("/v2/x/blobs/uploads/blobs/" + D))
                .contains(new Route.Blob(RepositoryName.of("x/blobs/uploads"), D.toString()));
    }

    @Test
    void invalidNames_areNameInvalid() {
        for (String name : List.of("A", "a/../b", "..", "a/./b", "_a", "a__-b", "a/", "a" + "/b".repeat(200))) {
            assertThatThrownBy(() -> RouteParser.parse("/v2/" + name + "/tags/list"))
                    .as(name).isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_INVALID));
        }
        assertThat(RepositoryName.isValid("a.b_c__d-e--f/g0")).isTrue();
    }

    @Test
    void access_needsWhatTheMethodDoes() {
        Route.Manifest m = new Route.Manifest(RepositoryName.of("r"), "v1");
        assertThat(Access.required("GET", m, Optional.empty())).extracting(Access::scope)
                .containsExactly("repository:r:pull");
        assertThat(Access.required("DELETE", m, Optional.empty())).extracting(Access::scope)
                .containsExactly("repository:r:delete");
        assertThat(Access.required("POST", new Route.UploadStart(RepositoryName.of("r")),
                Optional.of(RepositoryName.of("src")))).extracting(Access::scope)
                .containsExactly("repository:r:pull,push", "repository:src:pull");
        assertThat(Access.required("GET", new Route.Catalog(), Optional.empty())).extracting(Access::scope)
                .containsExactly("registry:catalog:*");
    }
}
