package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.CliException;
import dev.berth.cli.api.Query;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth port CONTAINER [PRIVATE_PORT[/PROTO]]}: the published ports from the container's inspect. */
@Command(name = "port", mixinStandardHelpOptions = true,
        description = "List port mappings or a specific mapping for the container")
public final class PortCommand extends DaemonCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PRIVATE_PORT[/PROTO]")
    String port;

    @Override
    int run() {
        JsonNode ports = client().json("GET", "/containers/" + container + "/json", Query.empty())
                .path("NetworkSettings").path("Ports");
        List<String> lines = new ArrayList<>();
        if (port != null) {
            String key = port.contains("/") ? port : port + "/tcp";
            JsonNode bindings = ports.path(key);
            if (bindings.isArray() && !bindings.isEmpty()) {
                bindings.forEach(b -> lines.add(address(b)));
                lines.forEach(out()::println);
                return 0;
            }
            throw new CliException("Error: No public port '" + key + "' published for " + container);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = ports.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            e.getValue().forEach(b -> lines.add(e.getKey() + " -> " + address(b)));
        }
        lines.stream().sorted().forEach(out()::println);
        return 0;
    }

    private static String address(JsonNode binding) {
        String ip = binding.path("HostIp").asText("");
        String hostPort = binding.path("HostPort").asText("");
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + hostPort;
    }
}
