package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.Json;
import dev.berth.registry.testing.Http;
import dev.berth.registry.testing.MutableClock;
import dev.berth.registry.testing.TestRegistry;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bearer token flow end to end against a registry on loopback, driven over HTTP. */
class TokenAuthServerTest {
    private static final String ALICE = new BasicCredentials("alice", "s3cret").header();
    private final Http http = new Http();
    private final MutableClock clock = new MutableClock(Instant.now());
    private TestRegistry registry;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        registry = TestRegistry.builder(dir).tokenAuth().user("alice", "s3cret").user("bob", "hunter2")
                .rule(AccessRule.repository("alice/**", List.of("alice"), "pull", "push", "delete"))
                .rule(AccessRule.repository("public/*", List.of(AccessRule.ANONYMOUS, AccessRule.ANY_USER), "pull"))
                .rule(AccessRule.catalog(List.of("alice")))
                .clock(clock).start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void base_withoutToken_is401WithTheBearerChallenge() throws Exception {
        HttpResponse<String> r = http.send("GET", registry.url("/v2/"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"http://" + registry.host()
                + "/auth/token\",service=\"berth-registry\"");
        assertThat(errorCode(r)).isEqualTo("UNAUTHORIZED");
        assertThat(r.headers().firstValue("Docker-Distribution-API-Version")).contains("registry/2.0");
    }

    @Test
    void repositoryRequest_challengeNamesTheScope() throws Exception {
        HttpResponse<String> pull = http.send("GET", registry.url("/v2/alice/app/manifests/latest"));
        assertThat(pull.statusCode()).isEqualTo(401);
        assertThat(pull.headers().firstValue("WWW-Authenticate").orElseThrow())
                .endsWith(",scope=\"repository:alice/app:pull\"");
        HttpResponse<String> push = http.send("POST", registry.url("/v2/alice/app/blobs/uploads/"));
        assertThat(push.statusCode()).isEqualTo(401);
        assertThat(push.headers().firstValue("WWW-Authenticate").orElseThrow())
                .endsWith(",scope=\"repository:alice/app:pull,push\"");
    }

    @Test
    void tokenFromTheEndpoint_letsTheUserPushAndPull() throws Exception {
        String token = token(ALICE, "repository:alice/app:pull,push");
        byte[] blob = "hello, token".getBytes(StandardCharsets.UTF_8);
        String digest = Digest.sha256(blob).toString();
        HttpResponse<String> put = http.send("POST", registry.url("/v2/alice/app/blobs/uploads/?digest=" + digest),
                blob, "Authorization", "Bearer " + token, "Content-Type", "application/octet-stream");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        HttpResponse<String> get = http.send("GET", registry.url("/v2/alice/app/blobs/" + digest),
                "Authorization", "Bearer " + token);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("hello, token");
        HttpResponse<String> delete = http.send("DELETE", registry.url("/v2/alice/app/blobs/" + digest),
                "Authorization", "Bearer " + token);
        assertThat(delete.statusCode()).as("the token grants pull and push, not delete").isEqualTo(403);
        assertThat(errorCode(delete)).isEqualTo("DENIED");
    }

    @Test
    void tokenEndpoint_refusesAWrongPassword_andGrantsOnlyWhatTheRulesAllow() throws Exception {
        HttpResponse<String> wrong = http.send("GET", tokenUrl("repository:alice/app:pull"),
                "Authorization", new BasicCredentials("alice", "nope").header());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(Json.MAPPER.readTree(wrong.body()).get("details").asText())
                .contains("incorrect username or password");

        HttpResponse<String> bobs = http.send("GET", tokenUrl("repository:alice/app:pull,push"),
                "Authorization", new BasicCredentials("bob", "hunter2").header());
        JsonNode body = Json.MAPPER.readTree(bobs.body());
        assertThat(body.get("token").asText()).isEqualTo(body.get("access_token").asText());
        assertThat(body.get("expires_in").asInt()).isEqualTo(300);
        assertThat(Instant.parse(body.get("issued_at").asText())).isEqualTo(clock.instant());
        HttpResponse<String> denied = http.send("GET", registry.url("/v2/alice/app/tags/list"),
                "Authorization", "Bearer " + body.get("token").asText());
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(errorCode(denied)).isEqualTo("DENIED");

        HttpResponse<String> badService = http.send("GET", registry.url("/auth/token?service=elsewhere"));
        assertThat(badService.statusCode()).isEqualTo(400);
    }

    @Test
    void anonymousToken_pullsPublic_butIsAskedToAuthenticateElsewhere() throws Exception {
        String anonymous = token(null, "repository:public/busybox:pull");
        HttpResponse<String> pub = http.send("GET", registry.url("/v2/public/busybox/tags/list"),
                "Authorization", "Bearer " + anonymous);
        assertThat(pub.statusCode()).as("passes auth; the repository is unknown").isEqualTo(404);
        assertThat(errorCode(pub)).isEqualTo("NAME_UNKNOWN");
        HttpResponse<String> priv = http.send("GET", registry.url("/v2/alice/app/tags/list"),
                "Authorization", "Bearer " + anonymous);
        assertThat(priv.statusCode()).isEqualTo(401);
        assertThat(priv.headers().firstValue("WWW-Authenticate").orElseThrow())
                .endsWith("error=\"insufficient_scope\"");
    }

    @Test
    void expiredForgedAndForeignTokens_are401_andTheServerKeepsServing() throws Exception {
        String token = token(ALICE, "repository:alice/app:pull");
        TokenAuthority forger = new TokenAuthority(SigningKey.ephemeral(), "berth-registry", "berth-registry",
                Duration.ofMinutes(5), clock);
        String forged = forger.issue(Optional.of("alice"), List.of(Permission.repository("alice/app", "pull")))
                .token();
        for (String bad : List.of(forged, "e30.e30.", "not-a-jwt", token + "x")) {
            HttpResponse<String> r = http.send("GET", registry.url("/v2/alice/app/tags/list"),
                    "Authorization", "Bearer " + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(401);
            assertThat(errorCode(r)).isEqualTo("UNAUTHORIZED");
            assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).endsWith("error=\"invalid_token\"");
        }
        assertThat(http.send("GET", registry.url("/v2/alice/app/tags/list"), "Authorization", "Bearer " + token)
                .statusCode()).as("valid token still works").isEqualTo(404);

        clock.advance(Duration.ofMinutes(5).plus(TokenAuthority.LEEWAY).plusSeconds(1));
        HttpResponse<String> expired = http.send("GET", registry.url("/v2/alice/app/tags/list"),
                "Authorization", "Bearer " + token);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(errorCode(expired)).isEqualTo("UNAUTHORIZED");
        assertThat(Json.MAPPER.readTree(expired.body()).at("/errors/0/detail").asText()).contains("expired");

        String fresh = token(ALICE, "repository:alice/app:pull");
        assertThat(http.send("GET", registry.url("/v2/alice/app/tags/list"), "Authorization", "Bearer " + fresh)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void catalog_needsTheCatalogScope() throws Exception {
        String repoOnly = token(ALICE, "repository:alice/app:pull");
        assertThat(http.send("GET", registry.url("/v2/_catalog"), "Authorization", "Bearer " + repoOnly)
                .statusCode()).isEqualTo(403);
        String catalog = token(ALICE, "registry:catalog:*");
        HttpResponse<String> r = http.send("GET", registry.url("/v2/_catalog"), "Authorization", "Bearer " + catalog);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(r.body()).has("repositories")).isTrue();
    }

    @Test
    void metricsAndAccessLog_seeTheRefusalsAndTheUser() throws Exception {
        http.send("GET", registry.url("/v2/"));
        String token = token(ALICE, "repository:alice/app:pull");
        http.send("GET", registry.url("/v2/"), "Authorization", "Bearer " + token);
        // Observers run once the response is on the wire, which may be just after the client read it.
        awaitCount("base", 401);
        awaitCount("base", 200);
        awaitCount("token", 200);
        String metrics = http.send("GET", registry.url("/metrics")).body();
        assertThat(metrics).contains("berth_registry_http_requests_total{route=\"base\",method=\"GET\",status=\"401\"} 1");
        registry.close();
        List<String> lines = java.nio.file.Files.readAllLines(dir.resolve("access.log"));
        assertThat(lines).anySatisfy(line -> {
            JsonNode entry = Json.MAPPER.readTree(line);
            assertThat(entry.get("path").asText()).isEqualTo("/v2/");
            assertThat(entry.get("status").asInt()).isEqualTo(200);
            assertThat(entry.get("user").asText()).isEqualTo("alice");
        });
        assertThat(lines).anySatisfy(line -> {
            JsonNode entry = Json.MAPPER.readTree(line);
            assertThat(entry.get("route").asText()).isEqualTo("token");
            assertThat(entry.get("status").asInt()).isEqualTo(200);
            assertThat(entry.get("user").asText()).isEqualTo("alice");
        });
    }

    @Test
    void webPage_asksBrowsersForBasicCredentials_checkedAgainstTheTokenUsersAndRules() throws Exception {
        HttpResponse<String> anonymous = http.send("GET", registry.url("/"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"berth-registry\"");
        assertThat(http.send("GET", registry.url("/"), "Authorization",
                new BasicCredentials("alice", "wrong").header()).statusCode()).isEqualTo(401);
        assertThat(http.send("GET", registry.url("/"), "Authorization",
                new BasicCredentials("bob", "hunter2").header()).statusCode()).isEqualTo(403);
        HttpResponse<String> alice = http.send("GET", registry.url("/"), "Authorization", ALICE);
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(alice.body()).contains("<html");
        String bearer = token(ALICE, "registry:catalog:*");
        assertThat(http.send("GET", registry.url("/"), "Authorization", "Bearer " + bearer).statusCode())
                .as("the page takes Basic credentials, not tokens").isEqualTo(401);
    }

    private void awaitCount(String route, int status) throws InterruptedException {
        for (int i = 0; i < 500 && registry.metrics().requests(route, "GET", status) < 1; i++) {
            Thread.sleep(10);
        }
        assertThat(registry.metrics().requests(route, "GET", status)).as(route + " " + status).isEqualTo(1);
    }

    private String token(String authorization, String scope) throws Exception {
        HttpResponse<String> r = authorization == null ? http.send("GET", tokenUrl(scope))
                : http.send("GET", tokenUrl(scope), "Authorization", authorization);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body()).get("token").asText();
    }

    private String tokenUrl(String scope) {
        return registry.url("/auth/token?service=berth-registry&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
    }

    private static String errorCode(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body()).at("/errors/0/code").asText();
    }
}
