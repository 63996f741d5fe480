package dev.berth.cli.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the daemon listens, as docker's {@code -H} / {@code DOCKER_HOST} name it: {@code unix:///path/to.sock}.
 *
 * @param uri    the address as given, used verbatim in messages ("Cannot connect to the Docker daemon at …")
 * @param socket the unix socket path
 */
public record DaemonHost(String uri, Path socket) {
    /** berthd's default socket. */
    public static final String DEFAULT = "unix:///run/berth/berth.sock";

    public DaemonHost {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(socket, "socket");
    }

    /** Parses {@code unix:///path}; other schemes are refused with the reason. */
    public static DaemonHost parse(String uri) {
        if (uri.startsWith("unix://")) {
            String path = uri.substring("unix://".length());
            if (path.isEmpty()) {
                throw new CliException("invalid host: unix:// needs a socket path");
            }
            return new DaemonHost(uri, Path.of(path));
        }
        throw new CliException("unable to parse docker host `" + uri + "`: only unix:// sockets are supported");
    }

    /** The flag if given, else {@code BERTH_HOST}, else {@code DOCKER_HOST}, else {@link #DEFAULT}. */
    public static DaemonHost resolve(String flag, Map<String, String> env) {
        if (flag != null && !flag.isEmpty()) {
            return parse(flag);
        }
        for (String name : new String[] {"BERTH_HOST", "DOCKER_HOST"}) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                return parse(value);
            }
        }
        return parse(DEFAULT);
    }
}
