package dev.berth.engine.network;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A container's wish to be on a network (docker's {@code EndpointSettings} of a create or connect request): the
 * network, the extra names ({@code --alias}), a fixed address ({@code --ip}) and a fixed MAC address
 * ({@code --mac-address}, lower case).
 */
public record Attachment(String networkId, List<String> aliases, Optional<Integer> ipv4, Optional<String> mac) {
    public Attachment {
        Objects.requireNonNull(networkId, "networkId");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(ipv4, "ipv4");
        Objects.requireNonNull(mac, "mac");
    }

    public Attachment(String networkId, List<String> aliases, Optional<Integer> ipv4) {
        this(networkId, aliases, ipv4, Optional.empty());
    }
}
