package dev.berth.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.runtime.BlockIo;
import dev.berth.engine.runtime.Capabilities;
import dev.berth.engine.runtime.ContainerSpec;
import dev.berth.engine.runtime.Device;
import dev.berth.engine.runtime.Resources;
import dev.berth.engine.runtime.Seccomp;
import dev.berth.engine.runtime.SeccompFilter;
import dev.berth.engine.runtime.Ulimit;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.ContainerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Turns a container's record into what the runtime runs: its merged {@code Config} (command, environment, user,
 * working directory, hostname, TTY, stdin) and the {@code HostConfig} settings the runtime knows (resources with
 * block I/O, privileges, read-only root, namespaces: see {@link NamespaceModes}; cgroup parent, annotations). Limits
 * the host cannot set were dropped at create ({@link CgroupSupport}). The environment is the merged
 * {@code Config.Env} after docker's defaults (PATH, HOSTNAME, TERM with a TTY), in docker's order.
 */
public final class SpecBuilder {
    private SpecBuilder() {}

    /** The spec of a run of {@code c}; {@code peers} finds the containers whose namespaces it joins. */
    public static ContainerSpec build(Container c, Path rootfs, Function<String, Container> peers) {
        ContainerConfig config = ContainerConfig.parse(c.config());
        ContainerSpec spec = ContainerSpec.of(c.id(), rootfs, config)
                .withHostname(c.hostname())
                .withTty(c.tty())
                .withOpenStdin(c.openStdin())
                .withResources(resources(c.hostConfig()).withBlockIo(blockIo(c.hostConfig())))
                .withSecurity(security(c.hostConfig()).withDevices(devices(c.hostConfig())))
                .withNamespaces(NamespaceModes.of(c, peers))
                .withAnnotations(annotations(c.hostConfig()));
        spec = cgroupParent(c.hostConfig()).map(spec::withCgroupParent).orElse(spec);
        // The terminal starts at the client's size, as dockerd's (API 1.42+), instead of 0x0 until the first resize.
        JsonNode size = c.hostConfig().path("ConsoleSize");
        return size.size() == 2 && size.get(0).asInt() > 0 && size.get(1).asInt() > 0
                ? spec.withConsoleSize(size.get(0).asInt(), size.get(1).asInt()) : spec;
    }

    /**
     * Checks at create what {@link #build} reads: INVALID_ARGUMENT with dockerd's message for values it refuses.
     *
     * @param requestedHostname {@code Config.Hostname} as the request gave it
     */
    static void validate(ObjectNode hostConfig, String requestedHostname) {
        validateResources(hostConfig);
        CgroupSupport.host().check(hostConfig);
        ContainerSpec.Security security = security(hostConfig);
        // Unknown capability names fail the create, as with dockerd, not the first start.
        checkCapabilities("CapAdd", security.capAdd());
        checkCapabilities("CapDrop", security.capDrop());
        List<String> caps = Capabilities.of(false, security.capAdd(), security.capDrop());
        if (security.seccomp() instanceof Seccomp.Custom) {
            // A profile dockerd would take but runc not fails the create rather than every start.
            SeccompFilter.of(security.seccomp(), caps);
        }
        requestedDevices(hostConfig);
        annotations(hostConfig);
        NamespaceModes.validate(hostConfig, requestedHostname);
    }

    /** dockerd's {@code invalid CapAdd: unknown capability: "CAP_FOO"}. */
    private static void checkCapabilities(String field, List<String> names) {
        try {
            Capabilities.of(false, names, List.of());
        } catch (BerthException e) {
            throw BerthException.invalid("invalid " + field + ": " + e.getMessage());
        }
    }

    /** The limits of {@code hostConfig} as create and update check them: with dockerd's messages. */
    public static void validateResources(ObjectNode hostConfig) {
        // Negative values are no setting to resources() but dockerd's range errors (-1 swappiness: the default).
        if (hostConfig.path("Memory").asLong(0) < 0) {
            throw BerthException.invalid("Minimum memory limit allowed is 6MB");
        }
        if (hostConfig.path("NanoCpus").asLong(0) < 0) {
            Cpusets.checkNanoCpus(hostConfig.path("NanoCpus").asLong());
        }
        long swappiness = hostConfig.path("MemorySwappiness").asLong(-1);
        if (swappiness < -1) {
            throw BerthException.invalid("Invalid value: " + swappiness + ", valid memory swappiness range is 0-100");
        }
        resources(hostConfig).nanoCpus().ifPresent(Cpusets::checkNanoCpus);
        Cpusets.check(hostConfig.path("CpusetCpus").asText(""), hostConfig.path("CpusetMems").asText(""));
    }

    /** {@code HostConfig.Annotations} ({@code --annotation KEY=VALUE}); dockerd refuses an empty key. */
    private static Map<String, String> annotations(ObjectNode hostConfig) {
        Map<String, String> annotations = new TreeMap<>();
        hostConfig.path("Annotations").properties().forEach(e -> {
            if (e.getKey().isEmpty()) {
                throw BerthException.invalid("invalid Annotations: the empty string is not permitted as an"
                        + " annotation key");
            }
            annotations.put(e.getKey(), e.getValue().asText());
        });
        return annotations;
    }

    /** {@code HostConfig.CgroupParent}, if set. */
    public static Optional<String> cgroupParent(ObjectNode hostConfig) {
        return text(hostConfig, "CgroupParent");
    }

    /** Whether {@code c}'s processes all end with its first: it has a pid namespace of its own. */
    static boolean ownPidNamespace(Container c) {
        return NamespaceModes.ownPid(c.hostConfig());
    }

    /** The limits of {@code HostConfig}; INVALID_ARGUMENT with docker's message for values it refuses. */
    public static Resources resources(ObjectNode hostConfig) {
        List<Ulimit> ulimits = new ArrayList<>();
        for (JsonNode u : hostConfig.path("Ulimits")) {
            ulimits.add(new Ulimit(u.path("Name").asText(), u.path("Soft").asLong(), u.path("Hard").asLong()));
        }
        JsonNode swappiness = hostConfig.path("MemorySwappiness");
        JsonNode oomScoreAdj = hostConfig.path("OomScoreAdj");
        return new Resources(positive(hostConfig, "Memory"), swap(hostConfig), positive(hostConfig, "NanoCpus"),
                positive(hostConfig, "PidsLimit"), ulimits, positive(hostConfig, "CpuShares"),
                positive(hostConfig, "CpuQuota"), positive(hostConfig, "CpuPeriod"), text(hostConfig, "CpusetCpus"),
                text(hostConfig, "CpusetMems"), positive(hostConfig, "MemoryReservation"),
                swappiness.isNumber() && swappiness.asLong() >= 0 ? OptionalLong.of(swappiness.asLong())
                        : OptionalLong.empty(),
                hostConfig.path("OomKillDisable").asBoolean(false),
                oomScoreAdj.asInt(0) != 0 ? OptionalInt.of(oomScoreAdj.asInt()) : OptionalInt.empty(),
                blkioWeight(hostConfig), positive(hostConfig, "KernelMemory"),
                positive(hostConfig, "CpuRealtimePeriod"), positive(hostConfig, "CpuRealtimeRuntime"));
    }

    private static BlockIo blkioWeight(ObjectNode hostConfig) {
        int weight = hostConfig.path("BlkioWeight").asInt(0);
        return weight == 0 ? BlockIo.NONE : new BlockIo(OptionalInt.of(weight), List.of(), List.of(), List.of(),
                List.of(), List.of());
    }

    /**
     * The block I/O limits with their devices, looked up as the container starts (dockerd's create takes a
     * device that is not there; its start fails).
     */
    private static BlockIo blockIo(ObjectNode hostConfig) {
        List<BlockIo.WeightDevice> weights = new ArrayList<>();
        for (JsonNode d : hostConfig.path("BlkioWeightDevice")) {
            weights.add(new BlockIo.WeightDevice(BlockIo.deviceOf(d.path("Path").asText()),
                    d.path("Weight").asInt()));
        }
        return blkioWeight(hostConfig).withDevices(weights, throttles(hostConfig, "BlkioDeviceReadBps"),
                throttles(hostConfig, "BlkioDeviceWriteBps"), throttles(hostConfig, "BlkioDeviceReadIOps"),
                throttles(hostConfig, "BlkioDeviceWriteIOps"));
    }

    private static List<BlockIo.Throttle> throttles(ObjectNode hostConfig, String field) {
        List<BlockIo.Throttle> throttles = new ArrayList<>();
        for (JsonNode d : hostConfig.path(field)) {
            throttles.add(new BlockIo.Throttle(BlockIo.deviceOf(d.path("Path").asText()), d.path("Rate").asLong()));
        }
        return throttles;
    }

    /** Privileges: {@code Privileged}, {@code CapAdd}, {@code CapDrop}, {@code SecurityOpt}, {@code GroupAdd}... */
    public static ContainerSpec.Security security(ObjectNode hostConfig) {
        boolean noNewPrivileges = false;
        Seccomp seccomp = Seccomp.BUILTIN;
        for (String opt : Container.strings(hostConfig.get("SecurityOpt")).orElse(List.of())) {
            noNewPrivileges = SecurityOpts.noNewPrivileges(opt).orElse(noNewPrivileges);
            seccomp = SecurityOpts.seccomp(opt).orElse(seccomp);
        }
        return new ContainerSpec.Security(hostConfig.path("Privileged").asBoolean(false),
                Container.strings(hostConfig.get("CapAdd")).orElse(List.of()),
                Container.strings(hostConfig.get("CapDrop")).orElse(List.of()),
                hostConfig.path("ReadonlyRootfs").asBoolean(false), noNewPrivileges,
                Container.strings(hostConfig.get("GroupAdd")).orElse(List.of()),
                Container.strings(hostConfig.get("MaskedPaths")), Container.strings(hostConfig.get("ReadonlyPaths")),
                List.of(), Container.strings(hostConfig.get("DeviceCgroupRules")).orElse(List.of()), seccomp);
    }

    /** The devices of a run: the host's when privileged (as runc's {@code HostDevices}), then those requested. */
    private static List<Device> devices(ObjectNode hostConfig) {
        List<Device> devices = new ArrayList<>();
        if (hostConfig.path("Privileged").asBoolean(false)) {
            devices.addAll(Device.host());
        }
        devices.addAll(requestedDevices(hostConfig));
        return devices;
    }

    /** {@code HostConfig.Devices}: PathOnHost, PathInContainer (else the same), CgroupPermissions (else rwm). */
    private static List<Device> requestedDevices(ObjectNode hostConfig) {
        List<Device> devices = new ArrayList<>();
        for (JsonNode d : hostConfig.path("Devices")) {
            String onHost = d.path("PathOnHost").asText("");
            String inContainer = d.path("PathInContainer").asText("");
            String access = d.path("CgroupPermissions").asText("");
            devices.addAll(Device.of(onHost, inContainer.isEmpty() ? onHost : inContainer,
                    access.isEmpty() ? "rwm" : access));
        }
        return devices;
    }

    private static OptionalLong positive(ObjectNode n, String field) {
        long v = n.path(field).asLong(0);
        return v > 0 ? OptionalLong.of(v) : OptionalLong.empty();
    }

    private static Optional<String> text(ObjectNode n, String field) {
        return Optional.of(n.path(field).asText("")).filter(s -> !s.isEmpty());
    }

    private static OptionalLong swap(ObjectNode n) {
        long v = n.path("MemorySwap").asLong(0);
        return v > 0 || v == -1 ? OptionalLong.of(v) : OptionalLong.empty();
    }
}
