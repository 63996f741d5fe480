package dev.berth.registry.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.config.RegistryConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GcConfigTest {
    @Test
    void withoutASection_scheduledCollectionIsOff() {
        GcConfig gc = GcConfig.from(RegistryConfig.parse("addr: 127.0.0.1:5000\n"));
        assertThat(gc.enabled()).isFalse();
        assertThat(gc.options()).isEqualTo(GcOptions.defaults());
    }

    @Test
    void readsTheSection() {
        GcConfig gc = GcConfig.from(RegistryConfig.parse("""
                gc:
                  enabled: true
                  interval: 30m
                  grace: 10s
                  dryrun: true
                """));
        assertThat(gc).isEqualTo(
                new GcConfig(true, Duration.ofMinutes(30), new GcOptions(true, Duration.ofSeconds(10))));
    }

    @Test
    void refusesUnknownFieldsAndBadDurations() {
        assertThatThrownBy(() -> GcConfig.from(RegistryConfig.parse("gc:\n  intervall: 1h\n")))
                .hasMessageContaining("intervall");
        assertThatThrownBy(() -> GcConfig.from(RegistryConfig.parse("gc:\n  enabled: true\n  interval: daily\n")))
                .hasMessageStartingWith("config: gc.interval: invalid duration \"daily\"");
        assertThatThrownBy(() -> GcConfig.from(RegistryConfig.parse("gc:\n  enabled: true\n  interval: 0\n")))
                .hasMessage("config: gc.interval must be positive, got PT0S");
    }
}
