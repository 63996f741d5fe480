package dev.berth.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.e2e.ReplayDaemon.Request;
import dev.berth.cli.e2e.ReplayDaemon.Response;
import dev.berth.oci.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code run} and {@code create} flags become the same {@code POST /containers/create} request in berth as in the
 * docker CLI: the same query, and the same body once the fields docker sends with their zero value are set aside
 * (berth leaves most of them out; the daemon reads absent and zero alike).
 */
class CreateRequestParityTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
        "run --rm -e A=1 -e B -u 1000:1000 -w /tmp --name web busybox echo hi",
        "run -d -it --entrypoint sh --hostname box --add-host db:10.0.0.2 --dns 1.1.1.1 busybox -c true",
        "run -i --memory 10m --cpus 1.5 --pids-limit 10 --ulimit nofile=100:200 --init busybox",
        "run --privileged --cap-add net_admin --cap-drop ALL --read-only --runtime crun busybox",
        "run --restart on-failure:3 --stop-signal SIGINT --stop-timeout 3 -l a=b -l c busybox",
        "run --health-cmd true --health-interval 2s --health-retries 3 --health-timeout 1s --health-start-period 5s busybox",
        "run --no-healthcheck -p 8080:80 -p 127.0.0.1:9090:90/udp -P --expose 70 --network host busybox",
        "run -v /tmp:/mnt:ro -v /data --mount type=bind,src=/srv,dst=/srv,readonly --tmpfs /run:size=1m busybox",
        "create --name made -t --platform linux/amd64 --pull never busybox sleep 1",
    })
    void flags_makeTheSameCreateRequest(String commandLine) throws Exception {
        String[] args = commandLine.split(" ");
        Request berth = captured(args, false);
        Request docker = captured(args, true);
        assertThat(berth.target()).isEqualTo(docker.target());
        JsonNode b = significant(Json.MAPPER.readTree(berth.body()));
        JsonNode d = significant(Json.MAPPER.readTree(docker.body()));
        assertThat(b.toPrettyString()).isEqualTo(d.toPrettyString());
    }

    /** The create request one client sends, the daemon answering it with an error so nothing more follows. */
    private Request captured(String[] args, boolean docker) throws Exception {
        try (ReplayDaemon daemon = new ReplayDaemon(dir.resolve("d.sock"), Optional.of("1.45"),
                r -> Response.json(500, "{\"message\":\"stop here\"}"))) {
            Path config = Files.createDirectories(dir.resolve("config"));
            Map<String, String> env = Map.of("B", "from-env");
            if (docker) {
                List<String> argv = new ArrayList<>(List.of(Clients.DOCKER));
                argv.addAll(List.of(args));
                Processes.run(argv, Map.of("DOCKER_HOST", daemon.host(), "DOCKER_CONFIG", config.toString(), "B",
                        "from-env"), new byte[0]);
            } else {
                List<String> argv = new ArrayList<>(List.of("-H", daemon.host(), "--config", config.toString()));
                argv.addAll(List.of(args));
                dev.berth.cli.BerthMain.commandLine(env, java.io.InputStream.nullInputStream())
                        .setOut(new java.io.PrintWriter(java.io.Writer.nullWriter()))
                        .setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()))
                        .execute(argv.toArray(String[]::new));
            }
            return daemon.requests().stream().filter(r -> r.path().endsWith("/containers/create")).findFirst()
                    .orElseThrow(() -> new AssertionError((docker ? "docker" : "berth") + " sent no create"));
        }
    }

    /** The body without null, false, zero, empty strings, empty arrays and empty objects, recursively. */
    private static JsonNode significant(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getKey().equals("Env") ? sortedValues(significant(e.getValue()))
                        : significant(e.getValue());
                if (!empty(v)) {
                    out.set(e.getKey(), v);
                }
            }
            return sorted(out);
        }
        if (node.isArray()) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            node.forEach(v -> out.add(significant(v)));
            return out;
        }
        return node;
    }

    /**
     * Env as a set: the docker CLI's order varies from run to run for the same flags (seen both
     * {@code [B=from-env, A=1]} and {@code [A=1, B=from-env]} for {@code -e A=1 -e B}).
     */
    private static JsonNode sortedValues(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        ArrayNode out = Json.MAPPER.createArrayNode();
        values.stream().sorted().forEach(out::add);
        return out;
    }

    private static boolean empty(JsonNode v) {
        return v.isNull() || v.isBoolean() && !v.asBoolean() || v.isNumber() && v.asDouble() == 0
                || v.isTextual() && v.asText().isEmpty() || v.isContainerNode() && v.isEmpty();
    }

    private static ObjectNode sorted(ObjectNode o) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        names.stream().sorted().forEach(n -> out.set(n, o.get(n)));
        return out;
    }
}
