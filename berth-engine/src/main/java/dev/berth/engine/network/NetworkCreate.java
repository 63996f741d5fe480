package dev.berth.engine.network;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code POST /networks/create} request: docker's {@code network create} flags.
 *
 * @param driver {@code bridge} (the default when empty)
 */
public record NetworkCreate(String name, String driver, boolean internal, boolean attachable,
        Map<String, String> labels, Map<String, String> options, Optional<String> subnet, Optional<String> gateway,
        Optional<String> ipRange) {
    public NetworkCreate {
        Objects.requireNonNull(name, "name");
        driver = driver == null || driver.isEmpty() ? Network.BRIDGE : driver;
        labels = Map.copyOf(labels);
        options = Map.copyOf(options);
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(ipRange, "ipRange");
    }

    public static NetworkCreate named(String name) {
        return new NetworkCreate(name, Network.BRIDGE, false, false, Map.of(), Map.of(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public NetworkCreate withSubnet(String s) {
        return new NetworkCreate(name, driver, internal, attachable, labels, options, Optional.of(s), gateway,
                ipRange);
    }

    public NetworkCreate withInternal(boolean i) {
        return new NetworkCreate(name, driver, i, attachable, labels, options, subnet, gateway, ipRange);
    }
}
