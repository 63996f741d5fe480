package dev.berth.engine.network;

import dev.berth.oci.error.BerthException;
import java.util.Objects;
import java.util.Optional;

/**
 * A bridge network's addresses (docker's {@code IPAM.Config[0]}): the subnet, the gateway (the bridge's own address,
 * see {@link #of}) and the range containers get addresses from (the whole subnet unless
 * {@code --ip-range}).
 */
public record Ipam(Subnet subnet, int gateway, Optional<Subnet> ipRange) {
    public Ipam {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(ipRange, "ipRange");
        if (!subnet.contains(gateway)) {
            throw BerthException.invalid("Invalid gateway " + Ipv4.format(gateway) + ": not in subnet " + subnet);
        }
        if (subnet.prefix() > 30) {
            throw BerthException.invalid("subnet " + subnet + " is too small for a network");
        }
        ipRange.ifPresent(r -> {
            if (!subnet.contains(r)) {
                throw BerthException.invalid("Invalid address range " + r + ": not in subnet " + subnet);
            }
        });
    }

    /**
     * Docker's {@code --subnet}/{@code --gateway}/{@code --ip-range} (the last two optional). Without
     * {@code --gateway} the gateway is the first address containers could get — the range's first, as dockerd's
     * allocator hands it out of the range like any address — so containers then start at the range's second.
     */
    public static Ipam of(Subnet subnet, Optional<String> gateway, Optional<String> ipRange) {
        Optional<Subnet> range = ipRange.filter(r -> !r.isEmpty()).map(Subnet::parse);
        int first = range.map(r -> Math.max(r.network(), subnet.host(1))).orElse(subnet.host(1));
        int gw = gateway.filter(g -> !g.isEmpty()).map(Ipv4::parse).orElse(first);
        return new Ipam(subnet, gw, range);
    }

    /** Where containers' addresses come from: the range, else the subnet. */
    public Subnet pool() {
        return ipRange.orElse(subnet);
    }

    /** Whether {@code address} may be asked for with {@code --ip}: in the subnet, not the gateway nor the ends. */
    public boolean assignable(int address) {
        return subnet.contains(address) && address != gateway && address != subnet.network()
                && address != subnet.last();
    }
}
