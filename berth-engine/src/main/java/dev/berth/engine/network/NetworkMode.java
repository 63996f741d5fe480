package dev.berth.engine.network;

import dev.berth.oci.error.BerthException;

/**
 * Docker's {@code HostConfig.NetworkMode}: {@code default}/{@code bridge} (the default bridge), {@code host},
 * {@code none}, {@code container:<name|id>} (share that container's namespace) or a network's name or id.
 */
public sealed interface NetworkMode {
    record Bridge() implements NetworkMode {}

    record Host() implements NetworkMode {}

    record None() implements NetworkMode {}

    record Container(String container) implements NetworkMode {}

    record Named(String network) implements NetworkMode {}

    static NetworkMode parse(String mode) {
        if (mode == null || mode.isEmpty() || mode.equals("default") || mode.equals(Network.BRIDGE)) {
            return new Bridge();
        }
        if (mode.equals(Network.HOST)) {
            return new Host();
        }
        if (mode.equals(Network.NONE)) {
            return new None();
        }
        if (mode.startsWith("container:")) {
            String c = mode.substring("container:".length());
            if (c.isEmpty()) {
                throw BerthException.invalid("Invalid network mode: invalid container format container:<name|id>");
            }
            return new Container(c);
        }
        return new Named(mode);
    }

    /** The wire form, as inspect shows {@code HostConfig.NetworkMode}. */
    default String wire() {
        return switch (this) {
            case Bridge b -> Network.BRIDGE;
            case Host h -> Network.HOST;
            case None n -> Network.NONE;
            case Container c -> "container:" + c.container();
            case Named n -> n.network();
        };
    }
}
