package dev.berth.cli.api;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.security.Provider;
import java.security.SecureRandomSpi;
import java.util.Map;

/**
 * Loads the JDK's unix-domain socket support without its cost to a short-lived CLI: when that support first loads
 * ({@code sun.nio.ch.UnixDomainSockets}), it makes a {@code SecureRandom} ({@code NativePRNGNonBlocking}) to name the
 * files of sockets bound without a path, and finding one constructs the {@code SUN} security provider with its
 * hundred services: ~10 ms of CPU time on the thread that first connects, before the daemon hears anything. The CLI
 * binds no socket, so that instance is never asked for a byte. While the support loads, this thread alone sees a
 * provider list of {@link Urandom}, which serves that algorithm from {@code /dev/urandom} as {@code SUN}'s does: the
 * JDK's own means for a thread-local list ({@code sun.security.jca.Providers}, which bin/berth exports to the CLI);
 * every other {@code SecureRandom} of the process comes from the JDK's providers as before. Without the export (the
 * CLI run in-process, as by tests) the support loads the JDK's way.
 */
public final class UnixSockets {
    private static final String JCA = "sun.security.jca";
    private static boolean loaded;

    private UnixSockets() {}

    /** Loads the support, once; later calls return at once. */
    public static synchronized void load() {
        if (loaded) {
            return;
        }
        if (Object.class.getModule().isExported(JCA, UnixSockets.class.getModule())) {
            withThreadProviders(new Urandom());
        } else {
            openOne();
        }
        loaded = true;
    }

    /** Opens and closes an unconnected socket: without a connection, nothing of the JDK's IP support loads. */
    private static void openOne() {
        try {
            SocketChannel.open(StandardProtocolFamily.UNIX).close();
        } catch (IOException e) {
            throw new UncheckedIOException("open a unix-domain socket", e);
        }
    }

    /** {@link #openOne} while this thread's provider list is {@code provider} alone. */
    private static void withThreadProviders(Provider provider) {
        Method begin;
        Method end;
        Object list;
        try {
            Class<?> providerList = Class.forName(JCA + ".ProviderList");
            Class<?> providers = Class.forName(JCA + ".Providers");
            list = providerList.getMethod("newList", Provider[].class).invoke(null, (Object) new Provider[] {provider});
            begin = providers.getMethod("beginThreadProviderList", providerList);
            end = providers.getMethod("endThreadProviderList", providerList);
        } catch (ReflectiveOperationException e) {
            openOne(); // another JDK's internals: its own way, as without the export
            return;
        }
        Object previous;
        try {
            previous = begin.invoke(null, list);
        } catch (ReflectiveOperationException e) {
            openOne(); // nothing changed yet: the JDK's own way
            return;
        }
        try {
            openOne();
        } finally {
            invoke(end, previous);
        }
    }

    /** Fails loudly: a thread left with the one-service list could find no other algorithm (TLS to a daemon). */
    private static void invoke(Method method, Object argument) {
        try {
            method.invoke(null, argument);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("call " + JCA + ".Providers." + method.getName(), e);
        }
    }

    /** A provider of {@code SecureRandom.NativePRNGNonBlocking} alone. */
    private static final class Urandom extends Provider {
        Urandom() {
            super("BerthUrandom", "1", "NativePRNGNonBlocking from /dev/urandom, while unix sockets load");
            // made here, not through reflection on a class name as the default Service.newInstance would
            putService(new Service(this, "SecureRandom", "NativePRNGNonBlocking", Spi.class.getName(), null,
                    Map.of("ThreadSafe", "true")) {
                @Override
                public Object newInstance(Object parameter) {
                    return new Spi();
                }
            });
        }
    }

    /** Bytes from {@code /dev/urandom}, the kernel's non-blocking generator; a seed it is given adds nothing. */
    private static final class Spi extends SecureRandomSpi {
        @Override
        protected void engineSetSeed(byte[] seed) {
            // the kernel's pool is seeded by the kernel; a caller's seed may only supplement it, and here need not
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            try (InputStream in = new FileInputStream("/dev/urandom")) {
                if (in.readNBytes(bytes, 0, bytes.length) != bytes.length) {
                    throw new IOException("short read");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("read /dev/urandom", e);
            }
        }

        @Override
        protected byte[] engineGenerateSeed(int length) {
            byte[] seed = new byte[length];
            engineNextBytes(seed);
            return seed;
        }
    }
}
