package dev.berth.engine.network;

import dev.berth.oci.error.BerthException;

/**
 * An IPv4 subnet in CIDR form ({@code 172.18.0.0/16}), its host bits zero. Addresses are unsigned 32-bit values held
 * in an {@code int}.
 */
public record Subnet(int network, int prefix) {
    public Subnet {
        if (prefix < 0 || prefix > 32) {
            throw BerthException.invalid("invalid prefix length " + prefix);
        }
        if ((network & ~mask(prefix)) != 0) {
            throw BerthException.invalid("invalid subnet " + Ipv4.format(network) + "/" + prefix
                    + ": host bits set (did you mean " + Ipv4.format(network & mask(prefix)) + "/" + prefix + "?)");
        }
    }

    /** {@code a.b.c.d/n}; docker's "invalid CIDR address" when it is not one. */
    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw BerthException.invalid("invalid CIDR address: " + cidr);
        }
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw BerthException.invalid("invalid CIDR address: " + cidr);
        }
        if (prefix < 0 || prefix > 32) {
            throw BerthException.invalid("invalid CIDR address: " + cidr);
        }
        return new Subnet(Ipv4.parse(cidr.substring(0, slash)), prefix);
    }

    /** The subnet of {@code address} with {@code prefix} bits, host bits cleared. */
    public static Subnet containing(int address, int prefix) {
        return new Subnet(address & mask(prefix), prefix);
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public int mask() {
        return mask(prefix);
    }

    public boolean contains(int address) {
        return (address & mask()) == network;
    }

    public boolean contains(Subnet other) {
        return other.prefix >= prefix && contains(other.network);
    }

    public boolean overlaps(Subnet other) {
        return contains(other.network) || other.contains(network);
    }

    /** The last address (broadcast). */
    public int last() {
        return network | ~mask();
    }

    /** The {@code n}th address after the network address (1: the first host, docker's default gateway). */
    public int host(int n) {
        return network + n;
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + prefix;
    }
}
