package dev.berth.engine.network;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's default address pools: 172.17.0.0/16 … 172.31.0.0/16, then 192.168.0.0/20 … 192.168.240.0/20. A subnet is
 * free when no network has one overlapping it and no host route (other than the default route) covers it, so a
 * default network never shadows what the host reaches — docker0's 172.17.0.0/16, say.
 */
final class SubnetPool {
    private SubnetPool() {}

    static List<Subnet> candidates() {
        List<Subnet> list = new ArrayList<>();
        for (int b = 17; b <= 31; b++) {
            list.add(new Subnet(Ipv4.parse("172." + b + ".0.0"), 16));
        }
        for (int c = 0; c < 256; c += 16) {
            list.add(new Subnet(Ipv4.parse("192.168." + c + ".0"), 20));
        }
        return list;
    }

    static Subnet next(List<Subnet> used, List<Subnet> routes) {
        for (Subnet s : candidates()) {
            if (free(s, used, routes)) {
                return s;
            }
        }
        throw new BerthException(ErrorKind.FAILED_PRECONDITION,
                "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the"
                        + " network");
    }

    static boolean free(Subnet s, List<Subnet> used, List<Subnet> routes) {
        return used.stream().noneMatch(s::overlaps) && routes.stream().noneMatch(s::overlaps);
    }
}
