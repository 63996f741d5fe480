package dev.berth.engine.build;

import dev.berth.oci.error.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** EXPOSE's port grammar (docker's {@code nat.ParsePortSpecs}): {@code 80}, {@code 53/udp}, {@code 8000-8002/tcp}. */
final class PortSpec {
    private PortSpec() {}

    /** The {@code port/proto} keys {@code spec} exposes. */
    static List<String> parse(String spec) {
        String proto = "tcp";
        String ports = spec;
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            proto = spec.substring(slash + 1).toLowerCase(Locale.ROOT);
            ports = spec.substring(0, slash);
        }
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw BerthException.invalid("Invalid proto: " + proto);
        }
        int dash = ports.indexOf('-');
        int start = port(dash < 0 ? ports : ports.substring(0, dash), spec);
        int end = dash < 0 ? start : port(ports.substring(dash + 1), spec);
        if (end < start) {
            throw BerthException.invalid("Invalid range specified for the Port: " + spec);
        }
        List<String> out = new ArrayList<>();
        for (int p = start; p <= end; p++) {
            out.add(p + "/" + proto);
        }
        return out;
    }

    private static int port(String s, String spec) {
        try {
            int p = Integer.parseInt(s);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw BerthException.invalid("Invalid containerPort: " + spec);
        }
    }
}
