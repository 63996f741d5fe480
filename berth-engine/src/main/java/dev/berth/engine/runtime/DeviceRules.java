package dev.berth.engine.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The device cgroup rules of Docker's default spec (moby {@code oci/defaults.go} and {@code devices_linux.go}):
 * deny all, then allow mknod of any device and use of the standard ones: null, zero, full, random, urandom, tty,
 * console, ptmx, the pseudo-terminals and tun. Privileged: allow all.
 */
final class DeviceRules {
    private DeviceRules() {}

    static ArrayNode of(boolean privileged) {
        ArrayNode rules = JsonNodeFactory.instance.arrayNode();
        if (privileged) {
            rules.addObject().put("allow", true).put("access", "rwm");
            return rules;
        }
        rules.addObject().put("allow", false).put("access", "rwm");
        allow(rules, "c", -1, -1, "m");
        allow(rules, "b", -1, -1, "m");
        allow(rules, "c", 1, 3, "rwm");
        allow(rules, "c", 1, 5, "rwm");
        allow(rules, "c", 1, 7, "rwm");
        allow(rules, "c", 1, 8, "rwm");
        allow(rules, "c", 1, 9, "rwm");
        allow(rules, "c", 5, 0, "rwm");
        allow(rules, "c", 5, 1, "rwm");
        allow(rules, "c", 5, 2, "rwm");
        allow(rules, "c", 136, -1, "rwm");
        allow(rules, "c", 10, 200, "rwm");
        return rules;
    }

    /** A rule; -1 is the spec's wildcard, written by leaving the number out. */
    private static void allow(ArrayNode rules, String type, long major, long minor, String access) {
        ObjectNode rule = rules.addObject().put("allow", true).put("type", type);
        if (major >= 0) {
            rule.put("major", major);
        }
        if (minor >= 0) {
            rule.put("minor", minor);
        }
        rule.put("access", access);
    }
}
