package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.error.ErrorKind;
import dev.berth.registry.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthorizersTest {
    private static final String BASE = "http://127.0.0.1:5000";
    private static final List<Permission> PUSH = List.of(Permission.repository("team/app", "pull"),
            Permission.repository("team/app", "push"));
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T02:00:00Z"));
    private final AccessPolicy policy = new AccessPolicy(List.of(
            AccessRule.repository("team/**", List.of("alice"), "pull", "push"),
            AccessRule.repository("**", List.of("bob"), "pull"),
            AccessRule.repository("public/*", List.of(AccessRule.ANONYMOUS), "pull")));
    private Htpasswd users;

    @TempDir
    Path dir;

    @BeforeEach
    void users() throws Exception {
        users = Htpasswd.load(HtpasswdFiles.create(dir.resolve("htpasswd"), "alice", "pw-a", "bob", "pw-b"));
    }

    @Test
    void basic_missingOrWrongCredentials_get401WithBasicChallenge() {
        BasicAuthorizer basic = new BasicAuthorizer(Optional.of(users), policy, "berth");
        for (Optional<String> header : List.of(Optional.<String>empty(),
                Optional.of(new BasicCredentials("alice", "wrong").header()), Optional.of("Bearer abc"))) {
            AuthDecision.Refused refused = (AuthDecision.Refused) basic.authorize(
                    new Authorizer.AuthRequest(header, PUSH, BASE));
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
            assertThat(refused.message()).isEqualTo("authentication required");
            assertThat(refused.challenge()).contains("Basic realm=\"berth\"");
        }
    }

    @Test
    void basic_userWithoutTheRight_gets403Denied_andWithIt_isAllowed() {
        BasicAuthorizer basic = new BasicAuthorizer(Optional.of(users), policy, "berth");
        AuthDecision bob = basic.authorize(request(new BasicCredentials("bob", "pw-b").header(), PUSH));
        assertThat(bob).isInstanceOfSatisfying(AuthDecision.Refused.class, r -> {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.message()).isEqualTo("requested access to the resource is denied");
        });
        AuthDecision alice = basic.authorize(request(new BasicCredentials("alice", "pw-a").header(), PUSH));
        assertThat(alice).isInstanceOfSatisfying(AuthDecision.Allowed.class,
                a -> assertThat(a.user()).contains("alice"));
    }

    @Test
    void basic_anonymousMayPullPublic_butTheBaseEndpointStillAsksForCredentials() {
        BasicAuthorizer basic = new BasicAuthorizer(Optional.of(users), policy, "berth");
        assertThat(basic.authorize(new Authorizer.AuthRequest(Optional.empty(),
                List.of(Permission.repository("public/x", "pull")), BASE))).isInstanceOf(AuthDecision.Allowed.class);
        assertThat(basic.authorize(new Authorizer.AuthRequest(Optional.empty(), List.of(), BASE)))
                .isInstanceOf(AuthDecision.Refused.class);
    }

    @Test
    void bearer_withoutToken_challengesWithRealmServiceAndScope() {
        BearerAuthorizer bearer = new BearerAuthorizer(authority(), Optional.empty());
        AuthDecision.Refused refused = (AuthDecision.Refused) bearer.authorize(
                new Authorizer.AuthRequest(Optional.empty(), PUSH, BASE));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.challenge()).contains("Bearer realm=\"http://127.0.0.1:5000/auth/token\","
                + "service=\"registry\",scope=\"repository:team/app:pull,push\"");
    }

    @Test
    void bearer_invalidToken_says_invalid_token() {
        BearerAuthorizer bearer = new BearerAuthorizer(authority(), Optional.of("https://auth.example/token"));
        AuthDecision.Refused refused = (AuthDecision.Refused) bearer.authorize(request("Bearer not.a.token", PUSH));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.challenge().orElseThrow()).startsWith("Bearer realm=\"https://auth.example/token\"")
                .endsWith(",error=\"invalid_token\"");
    }

    @Test
    void bearer_tokenForAnotherRepository_isDeniedForAUser_andUnauthorizedForAnonymous() {
        TokenAuthority authority = authority();
        BearerAuthorizer bearer = new BearerAuthorizer(authority, Optional.empty());
        List<Permission> other = List.of(Permission.repository("team/other", "pull"), Permission.repository("team/other", "push"));
        String userToken = authority.issue(Optional.of("alice"), other).token();
        AuthDecision.Refused denied = (AuthDecision.Refused) bearer.authorize(request("Bearer " + userToken, PUSH));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.kind()).isEqualTo(ErrorKind.DENIED);
        String anonToken = authority.issue(Optional.empty(), other).token();
        AuthDecision.Refused unauthorized = (AuthDecision.Refused) bearer.authorize(
                request("Bearer " + anonToken, PUSH));
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.challenge().orElseThrow()).endsWith(",error=\"insufficient_scope\"");
    }

    @Test
    void bearer_matchingToken_isAllowed_andExpiresLater() {
        TokenAuthority authority = authority();
        BearerAuthorizer bearer = new BearerAuthorizer(authority, Optional.empty());
        String token = authority.issue(Optional.of("alice"), PUSH).token();
        assertThat(bearer.authorize(request("bearer " + token, PUSH))).isInstanceOfSatisfying(
                AuthDecision.Allowed.class, a -> assertThat(a.user()).contains("alice"));
        clock.advance(Duration.ofHours(1));
        assertThat(bearer.authorize(request("Bearer " + token, PUSH))).isInstanceOf(AuthDecision.Refused.class);
    }

    @Test
    void tokenService_grantsWhatThePolicyAllows_andRefusesWrongPasswords() {
        TokenService service = new TokenService(authority(), Optional.of(users), policy);
        TokenAuthority.IssuedToken bob = service.issue(Optional.of(new BasicCredentials("bob", "pw-b").header()),
                Optional.of("registry"), List.of("repository:team/app:pull,push"));
        assertThat(bob.claims().access()).extracting(ResourceScope::toString)
                .containsExactly("repository:team/app:pull");
        TokenAuthority.IssuedToken anonymous = service.issue(Optional.empty(), Optional.empty(),
                List.of("repository:public/x:pull,push", "repository:team/app:pull"));
        assertThat(anonymous.claims().subject()).isEmpty();
        assertThat(anonymous.claims().access()).extracting(ResourceScope::toString)
                .containsExactly("repository:public/x:pull");
        assertThat(new String(TokenService.responseJson(anonymous)))
                .contains("\"token\":\"" + anonymous.token() + "\"", "\"access_token\":", "\"expires_in\":300",
                        "\"issued_at\":\"2026-11-29T02:00:00Z\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.issue(
                Optional.of(new BasicCredentials("bob", "nope").header()), Optional.empty(), List.of()))
                .hasMessageContaining("incorrect username or password");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.issue(Optional.empty(),
                Optional.of("other"), List.of())).hasMessageContaining("unknown service other");
    }

    private TokenAuthority authority() {
        return new TokenAuthority(SigningKey.ephemeral(), "issuer", "registry", Duration.ofMinutes(5), clock);
    }

    private static Authorizer.AuthRequest request(String header, List<Permission> required) {
        return new Authorizer.AuthRequest(Optional.of(header), required, BASE);
    }
}
