package dev.berth.engine.network;

import dev.berth.oci.error.BerthException;

/** Dotted-quad IPv4 addresses to and from unsigned 32-bit values held in an {@code int}. */
public final class Ipv4 {
    private Ipv4() {}

    /** {@code a.b.c.d}; docker's message when it is not one. */
    public static int parse(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            throw BerthException.invalid("invalid IP address: " + address);
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw BerthException.invalid("invalid IP address: " + address);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw BerthException.invalid("invalid IP address: " + address);
            }
            value = value << 8 | octet;
        }
        return value;
    }

    public static boolean isValid(String address) {
        try {
            parse(address);
            return true;
        } catch (BerthException e) {
            return false;
        }
    }

    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }

    public static byte[] bytes(int address) {
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }
}
