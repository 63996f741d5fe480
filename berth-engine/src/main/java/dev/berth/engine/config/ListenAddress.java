package dev.berth.engine.config;

import dev.berth.oci.error.BerthException;
import java.nio.file.Path;

/** Where the API listens, in dockerd's {@code -H} syntax: {@code unix:///path/to.sock} or {@code tcp://host:port}. */
public sealed interface ListenAddress {
    record Unix(Path socket) implements ListenAddress {
        @Override
        public String toString() {
            return "unix://" + socket;
        }
    }

    record Tcp(String host, int port) implements ListenAddress {
        public Tcp {
            if (port < 0 || port > 65535) {
                throw BerthException.invalid("invalid port in host address tcp://" + host + ":" + port);
            }
        }

        @Override
        public String toString() {
            return "tcp://" + host + ":" + port;
        }
    }

    static ListenAddress parse(String text) {
        if (text.startsWith("unix://")) {
            String path = text.substring("unix://".length());
            if (!path.startsWith("/")) {
                throw BerthException.invalid("invalid bind address (" + text + "): the socket path must be absolute");
            }
            return new Unix(Path.of(path));
        }
        if (text.startsWith("tcp://")) {
            String rest = text.substring("tcp://".length());
            int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                throw BerthException.invalid("invalid bind address (" + text + "): missing port in address");
            }
            try {
                String host = rest.substring(0, colon);
                return new Tcp(host.isEmpty() ? "0.0.0.0" : host.replace("[", "").replace("]", ""),
                        Integer.parseInt(rest.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw BerthException.invalid("invalid bind address (" + text + "): invalid port");
            }
        }
        throw BerthException.invalid("invalid bind address (" + text + "): unsupported proto");
    }
}
