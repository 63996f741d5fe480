package dev.berth.client.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.client.auth.CredentialHelpers;
import dev.berth.client.auth.CredentialStore;
import dev.berth.client.auth.Credentials;
import dev.berth.client.auth.DockerConfigCredentials;
import dev.berth.client.pull.PullOptions;
import dev.berth.client.pull.PulledImage;
import dev.berth.client.pull.Puller;
import dev.berth.client.testing.DistributionRegistry;
import dev.berth.client.testing.Events;
import dev.berth.client.testing.FrontProxy;
import dev.berth.client.testing.TestTarget;
import dev.berth.client.testing.TokenServer;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.layout.TestImages;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pulls from registries that authenticate: htpasswd Basic, token mode as Docker Hub, and a redirecting front. */
@Timeout(120)
class AuthenticatedPullTest {
    @TempDir
    Path tmp;

    static CredentialStore only(String host, Credentials c) {
        return h -> h.equals(host) ? Optional.of(c) : Optional.empty();
    }

    @Test
    void basicAuth_withCredentials_pulls_withoutThem_isUnauthorized() throws Exception {
        try (DistributionRegistry registry = DistributionRegistry.withBasicAuth(tmp.resolve("r"), "alice", "s3cret")) {
            registry.push(TestImages.layout("hello-world"), "library/hello-world:latest", "alice", "s3cret");
            Reference ref = Reference.parse(registry.host() + "/library/hello-world");
            try (RegistryClient anonymous = new RegistryClient(RegistryConfig.defaults())) {
                assertThatThrownBy(() -> new Puller(anonymous, new TestTarget(tmp.resolve("a")), PullOptions.defaults())
                        .pull(ref, Optional.empty(), new Events()))
                        .isInstanceOfSatisfying(BerthException.class,
                                e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                        .hasMessageContaining("no basic auth credentials");
            }
            try (RegistryClient anonymous = new RegistryClient(RegistryConfig.defaults())) {
                TestTarget target = new TestTarget(tmp.resolve("c"));
                new Puller(anonymous, target, PullOptions.defaults()).pull(ref, Optional.empty(),
                        Optional.of(Credentials.of("alice", "s3cret")), new Events());
                assertThat(target.images()).as("the request's own login").hasSize(1);
                anonymous.login(registry.host(), Credentials.of("alice", "s3cret"));
                assertThatThrownBy(() -> anonymous.login(registry.host(), Credentials.of("alice", "nope")))
                        .isInstanceOfSatisfying(BerthException.class,
                                e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                        .hasMessage("login attempt to " + registry.uri() + "/v2/ failed with status: 401 Unauthorized");
            }
            RegistryConfig config = RegistryConfig.defaults()
                    .withCredentials(only(registry.host(), Credentials.of("alice", "s3cret")));
            try (RegistryClient client = new RegistryClient(config)) {
                TestTarget target = new TestTarget(tmp.resolve("b"));
                new Puller(client, target, PullOptions.defaults()).pull(ref, Optional.empty(), new Events());
                assertThat(target.images()).hasSize(1);
            }
        }
    }

    @Test
    void tokenAuth_anonymousPull_getsAPullTokenForTheRepository_cachedAcrossRequests() throws Exception {
        try (TokenServer tokens = new TokenServer(tmp.resolve("t"), "bob", "pw");
                DistributionRegistry registry = DistributionRegistry.withTokenAuth(tmp.resolve("r"), tokens)) {
            registry.push(TestImages.layout("busybox"), "library/busybox:latest", "bob", "pw");
            int before = tokens.requests().size();
            try (RegistryClient client = new RegistryClient(RegistryConfig.defaults())) {
                TestTarget target = new TestTarget(tmp.resolve("a"));
                new Puller(client, target, PullOptions.defaults())
                        .pull(Reference.parse(registry.host() + "/library/busybox"), Optional.empty(), new Events());
                assertThat(target.images()).hasSize(1);
            }
            // manifest, config and layer were fetched with one token
            assertThat(tokens.requests().subList(before, tokens.requests().size()))
                    .containsExactly(new TokenServer.Request(Optional.empty(),
                            List.of("repository:library/busybox:pull")));
        }
    }

    @Test
    void tokenAuth_withDockerConfigAndACredentialHelper_logsInAsTheUser() throws Exception {
        try (TokenServer tokens = new TokenServer(tmp.resolve("t"), "bob", "pw");
                DistributionRegistry registry = DistributionRegistry.withTokenAuth(tmp.resolve("r"), tokens)) {
            registry.push(TestImages.layout("hello-world"), "team/hello:1", "bob", "pw");
            Path bin = Files.createDirectories(tmp.resolve("bin"));
            Path helper = bin.resolve("docker-credential-fake");
            Files.writeString(helper, """
                    #!/bin/sh
                    read server
                    if [ "$1" = get ] && [ "$server" = "%s" ]; then
                      printf '{"ServerURL":"%%s","Username":"bob","Secret":"pw"}' "$server"
                    else
                      echo "credentials not found in native keychain"; exit 1
                    fi
                    """.formatted(registry.host()));
            Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path config = tmp.resolve("config.json");
            Files.writeString(config, "{\"credHelpers\":{\"" + registry.host() + "\":\"fake\"}}");
            RegistryConfig rc = RegistryConfig.defaults()
                    .withCredentials(new DockerConfigCredentials(config, new CredentialHelpers(List.of(bin))));
            try (RegistryClient client = new RegistryClient(rc)) {
                TestTarget target = new TestTarget(tmp.resolve("a"));
                new Puller(client, target, PullOptions.defaults())
                        .pull(Reference.parse(registry.host() + "/team/hello:1"), Optional.empty(), new Events());
                assertThat(target.images()).hasSize(1);
            }
            assertThat(tokens.requests().getLast())
                    .isEqualTo(new TokenServer.Request(Optional.of("bob"), List.of("repository:team/hello:pull")));
        }
    }

    @Test
    void tokenAuth_login_andAWrongPassword_isUnauthorized() throws Exception {
        try (TokenServer tokens = new TokenServer(tmp.resolve("t"), "bob", "pw");
                DistributionRegistry registry = DistributionRegistry.withTokenAuth(tmp.resolve("r"), tokens)) {
            RegistryConfig rc = RegistryConfig.defaults()
                    .withCredentials(only(registry.host(), Credentials.of("bob", "wrong")));
            try (RegistryClient client = new RegistryClient(rc)) {
                client.login(registry.host(), Credentials.of("bob", "pw"));
                assertThatThrownBy(() -> client.login(registry.host(), Credentials.of("bob", "wrong")))
                        .isInstanceOfSatisfying(BerthException.class,
                                e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                        .hasMessageContaining("incorrect username or password");
                assertThatThrownBy(() -> new Puller(client, new TestTarget(tmp.resolve("a")), PullOptions.defaults())
                        .pull(Reference.parse(registry.host() + "/library/busybox"), Optional.empty(), new Events()))
                        .isInstanceOfSatisfying(BerthException.class,
                                e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                        .hasMessageContaining("incorrect username or password");
            }
        }
    }

    @Test
    void blobRedirectedToAnotherOrigin_isFollowed_withoutTheAuthorizationHeader() throws Exception {
        try (DistributionRegistry registry = DistributionRegistry.open(tmp.resolve("r"));
                FrontProxy front = new FrontProxy(registry.uri())) {
            registry.push(TestImages.layout("busybox"), "library/busybox:latest");
            Credentials carol = Credentials.of("carol", "pw");
            front.requireAuthorization(carol.basicAuthorization());
            front.redirectBlobs(true);
            try (RegistryClient client = new RegistryClient(
                    RegistryConfig.defaults().withCredentials(only(front.host(), carol)))) {
                TestTarget target = new TestTarget(tmp.resolve("a"));
                PulledImage image = new Puller(client, target, PullOptions.defaults())
                        .pull(Reference.parse(front.host() + "/library/busybox"), Optional.empty(), new Events());
                assertThat(target.images()).hasSize(1);
                String layer = image.layers().getFirst().blob().digest().toString();
                assertThat(front.seen()).anySatisfy(s -> {
                    assertThat(s.origin()).isEqualTo("front");
                    assertThat(s.path()).endsWith(layer);
                    assertThat(s.authorization()).hasValue(carol.basicAuthorization());
                });
                assertThat(front.seen()).filteredOn(s -> s.origin().equals("storage")).isNotEmpty()
                        .allSatisfy(s -> assertThat(s.authorization()).isEmpty());
            }
        }
    }
}
