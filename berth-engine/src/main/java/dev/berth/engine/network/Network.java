package dev.berth.engine.network;

import dev.berth.oci.error.BerthException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A network as docker's API shows it: the predefined {@code bridge} (Linux bridge {@code berth0}), {@code host} and
 * {@code none}, and user-defined bridge networks (Linux bridge {@code br-<first 12 of id>}), each with the CNI config
 * {@link CniConfigs} builds from it.
 *
 * @param driver {@code bridge}, {@code host} or {@code null} (none)
 * @param bridge the Linux bridge of a bridge network; empty for host and none
 * @param ipam the addresses of a bridge network; empty for host and none
 */
public record Network(String id, String name, String driver, Instant created, boolean internal, boolean attachable,
        Map<String, String> labels, Map<String, String> options, Optional<String> bridge, Optional<Ipam> ipam) {
    public static final String BRIDGE = "bridge";
    public static final String HOST = "host";
    public static final String NONE = "none";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    public Network {
        if (!ID.matcher(id).matches()) {
            throw BerthException.invalid("invalid network id " + id);
        }
        checkName(name);
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(created, "created");
        labels = Map.copyOf(new TreeMap<>(labels));
        options = Map.copyOf(new TreeMap<>(options));
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(ipam, "ipam");
        if (driver.equals(BRIDGE) != ipam.isPresent() || driver.equals(BRIDGE) != bridge.isPresent()) {
            throw BerthException.invalid("network " + name + ": a bridge network has a bridge and addresses, others"
                    + " have neither");
        }
    }

    /** Docker's rule for network names. */
    public static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw BerthException.invalid("invalid name \"" + name + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
    }

    /** One of {@code bridge}, {@code host}, {@code none}: created by the daemon, never removed. */
    public boolean predefined() {
        return name.equals(BRIDGE) && options.containsKey(DEFAULT_BRIDGE_OPTION) || name.equals(HOST)
                || name.equals(NONE);
    }

    /** The default bridge (containers there resolve others only through {@code --link}). */
    public boolean defaultBridge() {
        return "true".equals(options.get(DEFAULT_BRIDGE_OPTION));
    }

    /** A user-defined bridge network: containers on it resolve each other through the embedded DNS. */
    public boolean userDefined() {
        return driver.equals(BRIDGE) && !defaultBridge();
    }

    public String shortId() {
        return id.substring(0, 12);
    }

    static final String DEFAULT_BRIDGE_OPTION = "com.docker.network.bridge.default_bridge";
}
