package dev.berth.engine.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.oci.error.BerthException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The device cgroup rules of Docker's default spec (moby {@code oci/defaults.go} and {@code devices_linux.go}):
 * deny all, then allow mknod of any device and use of the standard ones: null, zero, full, random, urandom, tty,
 * console, ptmx, the pseudo-terminals and tun. Privileged: allow all.
 */
final class DeviceRules {
    private DeviceRules() {}

    private static final Pattern RULE = Pattern.compile("([acb]) (\\d+|\\*):(\\d+|\\*) ([rwm]{1,3})");

    /** The rules of a container: docker's defaults, its devices with their access, its device cgroup rules. */
    static ArrayNode of(ContainerSpec.Security security) {
        ArrayNode rules = of(security.privileged());
        if (security.privileged()) {
            return rules;
        }
        for (Device d : security.devices()) {
            allow(rules, d.type(), d.major(), d.minor(), d.access());
        }
        for (String rule : security.deviceCgroupRules()) {
            Matcher m = check(rule);
            allow(rules, m.group(1), number(m.group(2)), number(m.group(3)), m.group(4));
        }
        return rules;
    }

    /** A {@code --device-cgroup-rule}, {@code TYPE MAJOR:MINOR ACCESS}; INVALID_ARGUMENT in dockerd's words. */
    static Matcher check(String rule) {
        Matcher m = RULE.matcher(rule.strip());
        if (!m.matches()) {
            throw BerthException.invalid("invalid device cgroup rule format: '" + rule + "'");
        }
        return m;
    }

    private static long number(String s) {
        return s.equals("*") ? -1 : Long.parseLong(s);
    }

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
