package dev.berth.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import java.util.List;
import java.util.Map;

/**
 * The fields of a create request berthd does not honour, refused when set, so that a flag either works as with
 * docker or fails the create. Clients send most fields at their zero value (the docker CLI all of
 * {@code HostConfig}, Testcontainers many): absent, null, {@code ""}, 0, false, {@code []} and {@code {}} are not a
 * setting. A few fields also take the values that mean what berthd does anyway ({@code UsernsMode host},
 * {@code VolumeDriver local}).
 */
public final class UnsupportedSettings {
    /** HostConfig field → the docker flag that sets it. */
    private static final Map<String, String> HOST_CONFIG = Map.ofEntries(
            Map.entry("CgroupParent", "--cgroup-parent"),
            Map.entry("Cgroup", "HostConfig.Cgroup"),
            Map.entry("BlkioWeight", "--blkio-weight"),
            Map.entry("BlkioWeightDevice", "--blkio-weight-device"),
            Map.entry("BlkioDeviceReadBps", "--device-read-bps"),
            Map.entry("BlkioDeviceWriteBps", "--device-write-bps"),
            Map.entry("BlkioDeviceReadIOps", "--device-read-iops"),
            Map.entry("BlkioDeviceWriteIOps", "--device-write-iops"),
            Map.entry("CpuRealtimePeriod", "--cpu-rt-period"),
            Map.entry("CpuRealtimeRuntime", "--cpu-rt-runtime"),
            Map.entry("DeviceRequests", "--gpus"),
            Map.entry("KernelMemory", "--kernel-memory"),
            Map.entry("KernelMemoryTCP", "HostConfig.KernelMemoryTCP"),
            Map.entry("CpuCount", "--cpu-count"),
            Map.entry("CpuPercent", "--cpu-percent"),
            Map.entry("IOMaximumIOps", "--io-maxiops"),
            Map.entry("IOMaximumBandwidth", "--io-maxbandwidth"),
            Map.entry("StorageOpt", "--storage-opt"),
            Map.entry("Annotations", "--annotation"));
    /** HostConfig field → values besides the zero value that ask for what berthd does. */
    private static final Map<String, List<String>> HOST_CONFIG_MEANING_DEFAULT = Map.of(
            "UsernsMode", List.of("host"),
            "VolumeDriver", List.of("local"),
            "Isolation", List.of("default"));
    private static final Map<String, String> HOST_CONFIG_NAMED = Map.of(
            "UsernsMode", "--userns",
            "VolumeDriver", "--volume-driver",
            "Isolation", "--isolation");
    private static final Map<String, String> CONFIG = Map.of(
            "NetworkDisabled", "Config.NetworkDisabled",
            "MacAddress", "--mac-address");
    /** The log drivers whose logs berthd keeps as it does (conmon's file, read by {@code docker logs}). */
    private static final List<String> LOG_DRIVERS = List.of("", "json-file", "local", "k8s-file");

    private UnsupportedSettings() {}

    /** {@code NetworkingConfig.EndpointsConfig.*} field → the docker flag that sets it. */
    private static final Map<String, String> ENDPOINT = Map.of(
            "MacAddress", "--mac-address",
            "DriverOpts", "--network driver-opt=",
            "GwPriority", "--network gw-priority=");
    private static final Map<String, String> ENDPOINT_IPAM = Map.of(
            "IPv6Address", "--ip6",
            "LinkLocalIPs", "--link-local-ip");

    /** The fields of {@code docker update}'s body berthd does not change (it does memory, CPUs, pids, restart). */
    private static final List<String> UPDATE = List.of("BlkioWeight", "BlkioWeightDevice", "BlkioDeviceReadBps",
            "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps", "CpuRealtimePeriod",
            "CpuRealtimeRuntime", "KernelMemory", "KernelMemoryTCP", "CpuCount", "CpuPercent", "IOMaximumIOps",
            "IOMaximumBandwidth", "CgroupParent", "Devices", "DeviceCgroupRules", "DeviceRequests", "Ulimits");

    /** INVALID_ARGUMENT naming the first field of an update body set that berthd does not change. */
    public static void checkUpdate(JsonNode body) {
        for (String field : UPDATE) {
            if (isSet(body.get(field))) {
                String name = "HostConfig." + field;
                throw BerthException.invalid("updating " + (HOST_CONFIG.containsKey(field)
                        ? HOST_CONFIG.get(field) + " (" + name + ")" : name) + " is not supported by berthd");
            }
        }
    }

    /** {@code HostConfig.Mounts[].BindOptions} / {@code VolumeOptions} field → the {@code --mount} option. */
    private static final Map<String, String> BIND_OPTIONS = Map.of(
            "NonRecursive", "--mount bind-recursive=disabled",
            "ReadOnlyNonRecursive", "--mount bind-recursive=writable",
            "ReadOnlyForceRecursive", "--mount bind-recursive=readonly");
    private static final Map<String, String> VOLUME_OPTIONS = Map.of("Subpath", "--mount volume-subpath");

    /** INVALID_ARGUMENT naming the first field set that berthd does not honour. */
    static void check(ObjectNode config, ObjectNode hostConfig, JsonNode networkingConfig) {
        networkingConfig.path("EndpointsConfig").properties().forEach(e -> {
            if (e.getValue() instanceof ObjectNode endpoint) {
                ENDPOINT.forEach((field, flag) -> refuseIfSet(endpoint, "EndpointSettings", field, flag));
                if (endpoint.path("IPAMConfig") instanceof ObjectNode ipam) {
                    ENDPOINT_IPAM.forEach((field, flag) -> refuseIfSet(ipam, "EndpointIPAMConfig", field, flag));
                }
            }
        });
        CONFIG.forEach((field, flag) -> refuseIfSet(config, "Config", field, flag));
        for (JsonNode mount : hostConfig.path("Mounts")) {
            if (mount.path("BindOptions") instanceof ObjectNode bind) {
                BIND_OPTIONS.forEach((field, flag) -> refuseIfSet(bind, "Mount.BindOptions", field, flag));
            }
            if (mount.path("VolumeOptions") instanceof ObjectNode volume) {
                VOLUME_OPTIONS.forEach((field, flag) -> refuseIfSet(volume, "Mount.VolumeOptions", field, flag));
            }
        }
        HOST_CONFIG.forEach((field, flag) -> refuseIfSet(hostConfig, "HostConfig", field, flag));
        HOST_CONFIG_MEANING_DEFAULT.forEach((field, accepted) -> {
            String value = hostConfig.path(field).asText("");
            if (!value.isEmpty() && !accepted.contains(value)) {
                throw unsupported("HostConfig", field, HOST_CONFIG_NAMED.get(field) + " " + value);
            }
        });
        String logDriver = hostConfig.path("LogConfig").path("Type").asText("");
        if (!LOG_DRIVERS.contains(logDriver)) {
            throw BerthException.invalid("logging driver \"" + logDriver + "\" is not supported by berthd (it keeps"
                    + " json-file-like logs for docker logs)");
        }
        hostConfig.path("LogConfig").path("Config").properties().forEach(option -> {
            String value = option.getValue().asText("");
            boolean honoured = option.getKey().equals("max-size") || option.getKey().equals("max-file")
                    && value.equals("1");
            if (!honoured) {
                throw BerthException.invalid("--log-opt " + option.getKey() + "=" + value
                        + " (HostConfig.LogConfig.Config) is not supported by berthd: it keeps one log file, of"
                        + " at most max-size");
            }
        });
    }

    private static void refuseIfSet(ObjectNode object, String where, String field, String flag) {
        if (isSet(object.get(field))) {
            throw unsupported(where, field, flag);
        }
    }

    static boolean isSet(JsonNode n) {
        if (n == null || n.isNull()) {
            return false;
        }
        if (n.isTextual()) {
            return !n.asText().isEmpty();
        }
        if (n.isNumber()) {
            return n.asLong() != 0;
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        return !n.isEmpty();
    }

    private static BerthException unsupported(String where, String field, String flag) {
        String name = where + "." + field;
        return BerthException.invalid((flag.startsWith(name) ? name : flag + " (" + name + ")")
                + " is not supported by berthd");
    }
}
