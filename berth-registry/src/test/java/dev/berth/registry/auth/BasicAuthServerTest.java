package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.spec.Json;
import dev.berth.registry.testing.Http;
import dev.berth.registry.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** htpasswd Basic auth over HTTP: challenges, refusals with the spec's codes, and a server that keeps serving. */
class BasicAuthServerTest {
    private final Http http = new Http();

    @TempDir
    Path dir;

    @Test
    void missingWrongAndInsufficientCredentials_getTheSpecErrors() throws Exception {
        try (TestRegistry r = TestRegistry.builder(dir).basicAuth().user("alice", "s3cret").user("bob", "hunter2")
                .rule(AccessRule.repository("alice/**", List.of("alice"), "*"))
                .rule(AccessRule.repository("public/*", List.of(AccessRule.ANONYMOUS), "pull")).start()) {
            String alice = new BasicCredentials("alice", "s3cret").header();
            for (String[] headers : List.of(new String[0],
                    new String[] {"Authorization", new BasicCredentials("alice", "wrong").header()},
                    new String[] {"Authorization", "Basic !!!not-base64"},
                    new String[] {"Authorization", "Bearer some.jwt.token"})) {
                HttpResponse<String> resp = http.send("POST", r.url("/v2/alice/app/blobs/uploads/"), headers);
                assertThat(resp.statusCode()).isEqualTo(401);
                assertThat(resp.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"berth-registry\"");
                assertThat(Json.MAPPER.readTree(resp.body()).at("/errors/0/code").asText()).isEqualTo("UNAUTHORIZED");
            }
            HttpResponse<String> bob = http.send("GET", r.url("/v2/alice/app/tags/list"),
                    "Authorization", new BasicCredentials("bob", "hunter2").header());
            assertThat(bob.statusCode()).isEqualTo(403);
            assertThat(Json.MAPPER.readTree(bob.body()).at("/errors/0/message").asText())
                    .isEqualTo("requested access to the resource is denied");
            assertThat(http.send("GET", r.url("/v2/public/x/tags/list")).statusCode())
                    .as("anonymous pull of public/*").isEqualTo(404);
            assertThat(http.send("GET", r.url("/v2/"), "Authorization", alice).statusCode()).isEqualTo(200);
            assertThat(http.send("POST", r.url("/v2/alice/app/blobs/uploads/"), "Authorization", alice).statusCode())
                    .isEqualTo(202);
            assertThat(http.send("GET", r.url("/v2/_catalog"), "Authorization", alice).statusCode())
                    .as("no catalog rule for alice").isEqualTo(403);
        }
    }
}
