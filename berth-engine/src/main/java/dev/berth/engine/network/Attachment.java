package dev.berth.engine.network;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A container's wish to be on a network (docker's {@code EndpointSettings} of a create or connect request): the
 * network, the extra names ({@code --alias}) and a fixed address ({@code --ip}).
 */
public record Attachment(String networkId, List<String> aliases, Optional<Integer> ipv4) {
    public Attachment {
        Objects.requireNonNull(networkId, "networkId");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(ipv4, "ipv4");
    }
}
