package dev.berth.engine.network;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One network namespace made ahead of need. Making one ({@code unshare}) waits on the kernel's namespace locks, which
 * every namespace being made or torn down on the host takes — tens of milliseconds of a container start on a busy
 * host — so a start binds the spare to its file and the next spare is made on a thread of its own, off any start's
 * path. The spare is an open descriptor only ({@link NetNamespace.Held}): no file and no mount to leak, gone with the
 * daemon.
 */
final class SpareNamespace implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SpareNamespace.class.getName());

    private NetNamespace.Held spare;
    private boolean making;
    private boolean closed;

    /** Starts making the first spare. */
    SpareNamespace() {
        refill();
    }

    /** Makes file {@code path} hold a new namespace with its loopback up: the spare if there is one, else made now. */
    void createAt(Path path) {
        NetNamespace.Held taken;
        synchronized (this) {
            taken = spare;
            spare = null;
        }
        try {
            if (taken == null) {
                NetNamespace.create(path);
            } else {
                try (taken) {
                    taken.bindTo(path);
                }
            }
        } finally {
            refill();
        }
    }

    private void refill() {
        synchronized (this) {
            if (making || closed || spare != null) {
                return;
            }
            making = true;
        }
        Thread.ofVirtual().name("berth-netns-spare").start(() -> {
            NetNamespace.Held made = null;
            try {
                made = NetNamespace.createHeld();
            } catch (RuntimeException e) {
                // The next start makes its namespace itself, and reports the failure if it is not passing.
                LOG.log(Level.WARNING, "make a spare network namespace", e);
            }
            synchronized (this) {
                making = false;
                if (!closed && made != null) {
                    spare = made;
                    made = null;
                }
            }
            if (made != null) {
                made.close();
            }
        });
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (spare != null) {
            spare.close();
            spare = null;
        }
    }
}
