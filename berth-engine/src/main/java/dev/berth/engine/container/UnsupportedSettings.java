package dev.berth.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
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
            Map.entry("Cgroup", "HostConfig.Cgroup"),
            Map.entry("KernelMemoryTCP", "HostConfig.KernelMemoryTCP"),
            Map.entry("CpuCount", "--cpu-count"));
    /** HostConfig field → dockerd's own refusal of it, on Linux and with berthd's storage (overlay, no quotas). */
    private static final Map<String, String> REFUSED_BY_DOCKERD = Map.of(
            "IOMaximumIOps", "Invalid QoS settings: linux does not support configuration of maximum IOPs",
            "IOMaximumBandwidth", "Invalid QoS settings: linux does not support configuration of maximum bandwidth",
            "StorageOpt", "--storage-opt is supported only for overlay over xfs with 'pquota' mount option");
    /** HostConfig field → values besides the zero value that ask for what berthd does. */
    private static final Map<String, List<String>> HOST_CONFIG_MEANING_DEFAULT = Map.of(
            "UsernsMode", List.of("host"),
            "VolumeDriver", List.of("local"));
    private static final Map<String, String> HOST_CONFIG_NAMED = Map.of(
            "UsernsMode", "--userns",
            "VolumeDriver", "--volume-driver");
    private static final Map<String, String> CONFIG = Map.of("NetworkDisabled", "Config.NetworkDisabled");

    private UnsupportedSettings() {}

    /** {@code NetworkingConfig.EndpointsConfig.*} field → the docker flag that sets it. */
    private static final Map<String, String> ENDPOINT = Map.of(
            "DriverOpts", "--network driver-opt=",
            "GwPriority", "--network gw-priority=");
    private static final Map<String, String> ENDPOINT_IPAM = Map.of("LinkLocalIPs", "--link-local-ip");
    /** The networks that are not user-defined (moby's NetworkMode.IsUserDefined). */
    private static final List<String> PREDEFINED_NETWORKS = List.of("default", "bridge", "host", "none");

    /** The flags of the fields a create takes but {@code docker update} does not change. */
    private static final Map<String, String> UPDATE_FLAGS = Map.of(
            "BlkioWeightDevice", "--blkio-weight-device", "BlkioDeviceReadBps", "--device-read-bps",
            "BlkioDeviceWriteBps", "--device-write-bps", "BlkioDeviceReadIOps", "--device-read-iops",
            "BlkioDeviceWriteIOps", "--device-write-iops", "CgroupParent", "--cgroup-parent");
    /**
     * The fields of {@code docker update}'s body berthd does not change (it does memory, CPUs, pids, block I/O
     * weight, real-time CPU, kernel memory, restart).
     */
    private static final List<String> UPDATE = List.of("BlkioWeightDevice", "BlkioDeviceReadBps",
            "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps", "KernelMemoryTCP", "CpuCount",
            "CpuPercent", "IOMaximumIOps", "IOMaximumBandwidth", "CgroupParent", "Devices", "DeviceCgroupRules",
            "DeviceRequests", "Ulimits");

    /** INVALID_ARGUMENT naming the first field of an update body set that berthd does not change. */
    public static void checkUpdate(JsonNode body) {
        for (String field : UPDATE) {
            if (isSet(body.get(field))) {
                String name = "HostConfig." + field;
                String flag = UPDATE_FLAGS.getOrDefault(field, HOST_CONFIG.get(field));
                throw BerthException.invalid("updating " + (flag != null ? flag + " (" + name + ")" : name)
                        + " is not supported by berthd");
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
                    checkIpv6(e.getKey(), ipam.path("IPv6Address").asText(""));
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
        REFUSED_BY_DOCKERD.forEach((field, message) -> {
            if (isSet(hostConfig.get(field))) {
                throw BerthException.invalid(message);
            }
        });
        String isolation = hostConfig.path("Isolation").asText("");
        if (!isolation.isEmpty() && !isolation.equals("default")) {
            throw BerthException.invalid("Invalid isolation: \"" + isolation + "\" - linux only supports 'default'");
        }
        for (JsonNode request : hostConfig.path("DeviceRequests")) {
            // dockerd has no device driver: not even NVIDIA's, which it would look for on this host.
            throw BerthException.invalid("could not select device driver \"" + request.path("Driver").asText("")
                    + "\" with capabilities: " + goLists(request.path("Capabilities")));
        }
        HOST_CONFIG.forEach((field, flag) -> refuseIfSet(hostConfig, "HostConfig", field, flag));
        HOST_CONFIG_MEANING_DEFAULT.forEach((field, accepted) -> {
            String value = hostConfig.path(field).asText("");
            if (!value.isEmpty() && !accepted.contains(value)) {
                throw unsupported("HostConfig", field, HOST_CONFIG_NAMED.get(field) + " " + value);
            }
        });
        LogOptions.settings(hostConfig.path("LogConfig"));
    }

    /**
     * dockerd's refusals of {@code --ip6 address} on network {@code network}: at its create an address that is not
     * IPv6, at the start one on a network with no IPv6 subnet, which berthd's networks never have, so it refuses
     * every one at the create, with the start's message (dockerd leaves the container created).
     */
    private static void checkIpv6(String network, String address) {
        if (address.isEmpty()) {
            return;
        }
        boolean ipv6;
        try {
            ipv6 = InetAddress.ofLiteral(address) instanceof Inet6Address;
        } catch (IllegalArgumentException e) {
            ipv6 = false;
        }
        if (!ipv6) {
            throw BerthException.invalid("invalid IPv6 address: " + address);
        }
        throw BerthException.invalid(PREDEFINED_NETWORKS.contains(network) || network.startsWith("container:")
                ? "user specified IP address is supported on user defined networks only"
                : "user specified IP address is supported only when connecting to networks with user configured"
                        + " subnets");
    }

    /** {@code [["gpu","utility"],["compute"]]} as Go prints a {@code [][]string}: {@code [[gpu utility] [compute]]}. */
    private static String goLists(JsonNode lists) {
        List<String> printed = new ArrayList<>();
        for (JsonNode list : lists) {
            List<String> words = new ArrayList<>();
            list.forEach(w -> words.add(w.asText()));
            printed.add("[" + String.join(" ", words) + "]");
        }
        return "[" + String.join(" ", printed) + "]";
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
