package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequiredAccessTest {
    @Test
    void readsNeedPull_writesPullAndPush_deletesDelete() {
        assertThat(RequiredAccess.of("GET", "/v2/library/busybox/manifests/latest")).contains(
                List.of(Access.repository("library/busybox", "pull")));
        assertThat(RequiredAccess.of("HEAD", "/v2/a/blobs/sha256:abc")).contains(
                List.of(Access.repository("a", "pull")));
        assertThat(RequiredAccess.of("PATCH", "/v2/a/b/blobs/uploads/0f3c")).contains(
                List.of(Access.repository("a/b", "pull"), Access.repository("a/b", "push")));
        assertThat(RequiredAccess.of("POST", "/v2/a/blobs/uploads/")).contains(
                List.of(Access.repository("a", "pull"), Access.repository("a", "push")));
        assertThat(RequiredAccess.of("DELETE", "/v2/a/manifests/sha256:abc")).contains(
                List.of(Access.repository("a", "delete")));
        assertThat(RequiredAccess.of("GET", "/v2/a/tags/list")).contains(List.of(Access.repository("a", "pull")));
        assertThat(RequiredAccess.of("GET", "/v2/a/referrers/sha256:abc")).contains(
                List.of(Access.repository("a", "pull")));
    }

    @Test
    void nameRunsToTheLastRouteKeyword() {
        assertThat(RequiredAccess.of("GET", "/v2/x/manifests/y/manifests/latest")).contains(
                List.of(Access.repository("x/manifests/y", "pull")));
    }

    @Test
    void catalogBaseAndOtherPaths() {
        assertThat(RequiredAccess.of("GET", "/v2/_catalog")).contains(List.of(Access.CATALOG));
        assertThat(RequiredAccess.of("GET", "/v2/")).contains(List.of());
        assertThat(RequiredAccess.of("GET", "/v2/nonsense")).contains(List.of());
        assertThat(RequiredAccess.of("GET", "/healthz")).isEmpty();
        assertThat(RequiredAccess.of("GET", "/auth/token")).isEmpty();
    }
}
