package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {
    @Test
    void parse_readsEverySectionAndKeepsOthersForTheirOwners() {
        RegistryConfig c = RegistryConfig.parse("""
                version: 0.1
                addr: 0.0.0.0:5001
                root: /srv/registry
                delete:
                  enabled: false
                log:
                  level: debug
                auth:
                  htpasswd: {path: /etc/htpasswd}
                """);
        assertThat(c.addr()).isEqualTo(new ListenAddress("0.0.0.0", 5001));
        assertThat(c.root()).isEqualTo(Path.of("/srv/registry"));
        assertThat(c.delete().enabled()).isFalse();
        assertThat(c.log().level()).isEqualTo(LogLevel.DEBUG);
        // log is kept too: log.access belongs to the access log (AccessLogConfig).
        assertThat(c.sections()).containsOnlyKeys("auth", "log");
        @SuppressWarnings("unchecked")
        Map<String, Object> auth = c.section("auth", Map.class).orElseThrow();
        assertThat(auth).containsKey("htpasswd");
        assertThat(c.section("tls", Map.class)).isEmpty();
    }

    @Test
    void parse_emptyFile_givesTheDefaults() {
        assertThat(RegistryConfig.parse("")).isEqualTo(RegistryConfig.defaults());
        assertThat(RegistryConfig.defaults().addr().toString()).isEqualTo("127.0.0.1:5000");
        assertThat(RegistryConfig.defaults().delete().enabled()).isTrue();
    }

    @Test
    void parse_refusesBadValuesWithTheirName() {
        assertThatThrownBy(() -> RegistryConfig.parse("delete: {enabled: maybe}"))
                .isInstanceOf(BerthException.class).hasMessageContaining("delete.enabled");
        assertThatThrownBy(() -> RegistryConfig.parse("log: {level: loud}"))
                .hasMessageContaining("log.level");
        assertThatThrownBy(() -> RegistryConfig.parse("addr: localhost"))
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> RegistryConfig.parse("addr: ':99999'")).hasMessageContaining("port out of range");
        assertThatThrownBy(() -> RegistryConfig.parse("[1, 2]")).hasMessageContaining("mapping");
    }

    @Test
    void listenAddress_emptyHostMeansEveryAddress() {
        assertThat(ListenAddress.parse(":5000")).isEqualTo(new ListenAddress("0.0.0.0", 5000));
        assertThat(ListenAddress.parse("[::1]:5000").toString()).isEqualTo("[::1]:5000");
    }
}
