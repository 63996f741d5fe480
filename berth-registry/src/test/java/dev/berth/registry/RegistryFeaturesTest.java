package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import dev.berth.registry.auth.BasicAuthorizer;
import dev.berth.registry.auth.BearerAuthorizer;
import dev.berth.registry.auth.HtpasswdFiles;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.testing.OpensslCerts;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth, tls and log sections of the YAML config, bound and started. */
class RegistryFeaturesTest {
    @TempDir
    Path dir;

    @Test
    void fullConfig_startsTokenAuthTlsAndAFileAccessLog() throws Exception {
        Path htpasswd = HtpasswdFiles.create(dir.resolve("htpasswd"), "alice", "s3cret");
        OpensslCerts.KeyPair tls = OpensslCerts.ec(dir, "tls");
        OpensslCerts.KeyPair token = OpensslCerts.rsa(dir, "token");
        RegistryConfig config = RegistryConfig.parse("""
                addr: 127.0.0.1:0
                root: %s
                log:
                  level: debug
                  access: %s
                auth:
                  htpasswd:
                    path: %s
                  token:
                    service: my-registry
                    expiration: 60
                    key: %s
                    certificate: %s
                  access:
                    - repository: "team/**"
                      users: [alice]
                      actions: [pull, push]
                    - catalog: true
                      users: ["*"]
                tls:
                  certificate: %s
                  key: %s
                """.formatted(dir.resolve("root"), dir.resolve("access.log"), htpasswd, token.key(),
                token.certificate(), tls.certificate(), tls.key()));
        try (RegistryFeatures features = RegistryFeatures.from(config, Clock.systemUTC())) {
            assertThat(features.auth().authorizer()).isInstanceOf(BearerAuthorizer.class);
            assertThat(features.auth().tokens().orElseThrow().authority().service()).isEqualTo("my-registry");
            assertThat(features.auth().tokens().orElseThrow().authority().key().algorithm()).isEqualTo("RS256");
            assertThat(features.hooks().tls()).isPresent();
            assertThat(features.hooks().endpoints()).hasSize(3);
        }
        assertThat(dir.resolve("access.log")).exists();
    }

    @Test
    void htpasswdAlone_isBasicAuth_andNoSectionsMeanNoAuth() throws Exception {
        Path htpasswd = HtpasswdFiles.create(dir.resolve("htpasswd"), "alice", "s3cret");
        RegistryConfig basic = RegistryConfig.parse("auth:\n  htpasswd:\n    path: " + htpasswd + "\nlog:\n  access: off\n");
        try (RegistryFeatures features = RegistryFeatures.from(basic, Clock.systemUTC())) {
            assertThat(features.auth().authorizer()).isInstanceOf(BasicAuthorizer.class);
            assertThat(features.auth().tokens()).isEmpty();
        }
        assertThat(RegistryConfig.parse("log:\n  access: off\n").section("log",
                dev.berth.registry.observe.AccessLogConfig.class)).as("unquoted off is a YAML boolean")
                .contains(new dev.berth.registry.observe.AccessLogConfig("off"));
        try (RegistryFeatures none = RegistryFeatures.from(RegistryConfig.parse("log:\n  access: off\n"),
                Clock.systemUTC())) {
            assertThat(none.hooks().tls()).isEmpty();
            assertThat(none.auth().tokens()).isEmpty();
        }
    }

    @Test
    void badSections_failAtStart_namingTheProblem() {
        assertThatThrownBy(() -> RegistryFeatures.from(RegistryConfig.parse("""
                auth:
                  access:
                    - repository: "x"
                      users: [alice]
                      actions: [fly]
                """), Clock.systemUTC())).isInstanceOf(BerthException.class).hasMessageContaining("actions");
        assertThatThrownBy(() -> RegistryFeatures.from(RegistryConfig.parse("tls:\n  certificate: /x.crt\n"),
                Clock.systemUTC())).isInstanceOf(BerthException.class).hasMessageContaining("tls");
        assertThatThrownBy(() -> RegistryFeatures.from(RegistryConfig.parse(
                "auth:\n  htpasswd:\n    path: " + dir.resolve("missing") + "\n"), Clock.systemUTC()))
                .isInstanceOf(BerthException.class).hasMessageContaining("htpasswd");
        assertThatThrownBy(() -> RegistryFeatures.from(RegistryConfig.parse(
                "auth:\n  token:\n    key: /k.pem\n"), Clock.systemUTC()))
                .isInstanceOf(BerthException.class).hasMessageContaining("key and certificate go together");
    }
}
