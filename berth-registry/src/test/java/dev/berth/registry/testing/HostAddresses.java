package dev.berth.registry.testing;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Optional;

/** This host's own addresses, for tests that need a peer off loopback without leaving the machine. */
public final class HostAddresses {
    private HostAddresses() {}

    /** An IPv4 address of an interface that is up and not loopback, if the host has one. */
    public static Optional<InetAddress> ownNonLoopbackIpv4() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
    }
}
