package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's environment as dockerd builds it ({@code container.CreateDaemonEnvironment}): a default PATH,
 * HOSTNAME, TERM=xterm with a TTY, then the image's Env, then the request's, a later {@code KEY=value} replacing an
 * earlier one of the same key; a bare {@code KEY} (what {@code docker run -e KEY} sends when its own environment has
 * no KEY) unsets it, as dockerd's {@code ReplaceOrAppendEnvValues} does: the runtime refuses an entry without '='.
 */
public final class Environment {
    public static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private Environment() {}

    public static List<String> of(String hostname, boolean tty, List<String> image, List<String> request) {
        Map<String, String> vars = new LinkedHashMap<>();
        List<String> base = new ArrayList<>(List.of(DEFAULT_PATH, "HOSTNAME=" + hostname));
        if (tty) {
            base.add("TERM=xterm");
        }
        for (List<String> layer : List.of(base, image, request)) {
            for (String entry : layer) {
                if (entry.indexOf('=') < 0) {
                    vars.remove(key(entry));
                } else {
                    vars.put(key(entry), entry);
                }
            }
        }
        return List.copyOf(vars.values());
    }

    private static String key(String entry) {
        int eq = entry.indexOf('=');
        String key = eq < 0 ? entry : entry.substring(0, eq);
        if (key.isEmpty()) {
            throw BerthException.invalid("invalid environment variable: " + entry);
        }
        return key;
    }
}
