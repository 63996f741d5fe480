package dev.berth.engine.config;

import java.util.Objects;
import java.util.Optional;

/**
 * dockerd's default-bridge settings: {@code bridge} (the Linux bridge of network {@code bridge}, default
 * {@code berth0}), {@code bip} (its address with prefix, such as {@code 172.17.0.1/16}; empty: the first free default
 * pool) and {@code ip} (the host address published ports bind when a binding names none, default {@code 0.0.0.0}).
 */
public record BridgeConfig(String bridge, Optional<String> bip, String ip) {
    public static final BridgeConfig DEFAULT = new BridgeConfig("berth0", Optional.empty(), "0.0.0.0");

    public BridgeConfig {
        Objects.requireNonNull(bip, "bip");
        Objects.requireNonNull(ip, "ip");
        if (bridge.isEmpty() || bridge.length() > 15 || !bridge.matches("[a-zA-Z0-9_.-]+")) {
            throw dev.berth.oci.error.BerthException.invalid("invalid bridge name " + bridge
                    + ": at most 15 characters of [a-zA-Z0-9_.-]");
        }
    }
}
