package dev.berth.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.runtime.ContainerSpec;
import dev.berth.engine.runtime.Resources;
import dev.berth.engine.runtime.Ulimit;
import dev.berth.oci.spec.ContainerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Turns a container's record into what the runtime runs: its merged {@code Config} (command, environment, user,
 * working directory, hostname, TTY, stdin) and the {@code HostConfig} settings the runtime knows (resources,
 * privileges, read-only root). The environment is the merged {@code Config.Env} after docker's defaults (PATH,
 * HOSTNAME, TERM with a TTY), in docker's order.
 */
public final class SpecBuilder {
    private SpecBuilder() {}

    public static ContainerSpec build(Container c, Path rootfs) {
        ContainerConfig config = ContainerConfig.parse(c.config());
        ContainerSpec spec = ContainerSpec.of(c.id(), rootfs, config)
                .withHostname(c.hostname())
                .withTty(c.tty())
                .withOpenStdin(c.openStdin())
                .withResources(resources(c.hostConfig()))
                .withSecurity(security(c.hostConfig()));
        // The terminal starts at the client's size, as dockerd's (API 1.42+), instead of 0x0 until the first resize.
        JsonNode size = c.hostConfig().path("ConsoleSize");
        return size.size() == 2 && size.get(0).asInt() > 0 && size.get(1).asInt() > 0
                ? spec.withConsoleSize(size.get(0).asInt(), size.get(1).asInt()) : spec;
    }

    /** The limits of {@code HostConfig}; INVALID_ARGUMENT with docker's message for values it refuses. */
    public static Resources resources(ObjectNode hostConfig) {
        List<Ulimit> ulimits = new ArrayList<>();
        for (JsonNode u : hostConfig.path("Ulimits")) {
            ulimits.add(new Ulimit(u.path("Name").asText(), u.path("Soft").asLong(), u.path("Hard").asLong()));
        }
        return new Resources(positive(hostConfig, "Memory"), swap(hostConfig), positive(hostConfig, "NanoCpus"),
                positive(hostConfig, "PidsLimit"), ulimits);
    }

    public static ContainerSpec.Security security(ObjectNode hostConfig) {
        return new ContainerSpec.Security(hostConfig.path("Privileged").asBoolean(false),
                Container.strings(hostConfig.get("CapAdd")).orElse(List.of()),
                Container.strings(hostConfig.get("CapDrop")).orElse(List.of()),
                hostConfig.path("ReadonlyRootfs").asBoolean(false));
    }

    private static OptionalLong positive(ObjectNode n, String field) {
        long v = n.path(field).asLong(0);
        return v > 0 ? OptionalLong.of(v) : OptionalLong.empty();
    }

    private static OptionalLong swap(ObjectNode n) {
        long v = n.path("MemorySwap").asLong(0);
        return v > 0 || v == -1 ? OptionalLong.of(v) : OptionalLong.empty();
    }
}
