package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.runtime.LogSettings;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code HostConfig.LogConfig} read as dockerd reads it for json-file, local and none. */
class LogOptionsTest {
    private static LogSettings settings(String json) throws IOException {
        return LogOptions.settings(Json.MAPPER.readTree(json));
    }

    /** docker's sizes are decimal, whatever the suffix says (go-units FromHumanSize). */
    @ParameterizedTest
    @CsvSource({"10, 10", "10k, 10000", "10m, 10000000", "1g, 1000000000", "1.5m, 1500000", "10MiB, 10000000",
        "10kb, 10000", "2 K, 2000"})
    void sizes_asDockerReadsThem(String text, long bytes) {
        assertThat(LogOptions.size(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{} | true | -1 | 1",
        "{\"Type\":\"json-file\"} | true | -1 | 1",
        "{\"Type\":\"json-file\",\"Config\":{\"max-size\":\"10m\"}} | true | 10000000 | 1",
        "{\"Type\":\"json-file\",\"Config\":{\"max-size\":\"10m\",\"max-file\":\"1\"}} | true | 10000000 | 1",
        "{\"Type\":\"json-file\",\"Config\":{\"max-size\":\"10m\",\"max-file\":\"3\"}} | true | 10000000 | 3",
        "{\"Type\":\"json-file\",\"Config\":{\"max-size\":\"1k\",\"max-file\":\"2\",\"compress\":\"true\"}}"
            + " | true | 1000 | 2",
        "{\"Type\":\"json-file\",\"Config\":{\"max-file\":\"3\"}} | true | -1 | 1",
        "{\"Type\":\"json-file\",\"Config\":{\"compress\":\"false\",\"tag\":\"\"}} | true | -1 | 1",
        "{\"Type\":\"local\"} | true | 20971520 | 5",
        "{\"Type\":\"local\",\"Config\":{}} | true | 20971520 | 5",
        "{\"Type\":\"local\",\"Config\":{\"max-size\":\"1m\"}} | true | 1000000 | 5",
        "{\"Type\":\"local\",\"Config\":{\"max-file\":\"1\",\"compress\":\"false\"}} | true | 20971520 | 1",
        "{\"Type\":\"k8s-file\",\"Config\":{\"max-size\":\"1k\"}} | true | 1000 | 1",
        "{\"Type\":\"none\",\"Config\":{\"max-size\":\"whatever\"}} | false | -1 | 1",
    })
    void theLogKept(String json, boolean kept, long maxSize, int maxFiles) throws IOException {
        assertThat(settings(json)).isEqualTo(new LogSettings(kept,
                maxSize < 0 ? OptionalLong.empty() : OptionalLong.of(maxSize), maxFiles));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"Config\":{\"max-size\":\"abc\"}} | failed to initialize logging driver: invalid size: 'abc'",
        "{\"Config\":{\"max-size\":\"0\"}} | failed to initialize logging driver: max-size must be a positive number",
        "{\"Config\":{\"max-size\":\"1k\",\"max-file\":\"x\"}} | strconv.Atoi: parsing \"x\": invalid syntax",
        "{\"Config\":{\"max-size\":\"1k\",\"max-file\":\"0\"}} | max-file cannot be less than 1",
        "{\"Config\":{\"compress\":\"yes\"}} | strconv.ParseBool: parsing \"yes\": invalid syntax",
        "{\"Config\":{\"max-size\":\"1k\",\"compress\":\"true\"}} | compress cannot be true when max-file is less than 2",
        "{\"Config\":{\"mode\":\"non-blocking\"}} | unknown log opt 'mode' for json-file log driver",
        "{\"Type\":\"local\",\"Config\":{\"tag\":\"x\"}} | unknown log opt 'tag' for log driver local",
        "{\"Config\":{\"labels\":\"a\"}} | --log-opt labels (HostConfig.LogConfig.Config) is not supported by berthd",
        "{\"Type\":\"local\",\"Config\":{\"max-file\":\"1\"}} | compression cannot be enabled when max file count is 1",
        "{\"Type\":\"fluentd\"} | logging driver \"fluentd\" is not supported by berthd",
    })
    void whatDockerdRefuses_orBerthdCannotKeep(String json, String message) {
        assertThatThrownBy(() -> settings(json)).hasMessageContaining(message);
    }
}
