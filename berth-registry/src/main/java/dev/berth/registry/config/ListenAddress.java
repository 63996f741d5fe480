package dev.berth.registry.config;

import dev.berth.oci.error.BerthException;
import java.net.InetSocketAddress;
import java.util.Objects;

/** Where the server listens, {@code host:port} as in distribution's {@code http.addr}; {@code :5000} means every address. */
public record ListenAddress(String host, int port) {
    public ListenAddress {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw BerthException.invalid("listen address " + host + ":" + port + ": port out of range");
        }
    }

    public static ListenAddress parse(String text) {
        Objects.requireNonNull(text, "addr");
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw BerthException.invalid("listen address \"" + text + "\": expected host:port");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new ListenAddress(host.isEmpty() ? "0.0.0.0" : host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw BerthException.invalid("listen address \"" + text + "\": port is not a number");
        }
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
