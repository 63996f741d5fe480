package dev.berth.registry.http;

import dev.berth.oci.linux.CpuAffinity;
import io.netty.channel.Channel;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Keeps the thread that writes a blob to a loopback peer on the CPU the peer reads on, for the length of the
 * response. On loopback the reader copies every byte out of the writer's socket buffers: on the writer's CPU it finds
 * them in the cache the writer's copy just filled, and the two hand the CPU to each other; on the other CPU every
 * byte crosses caches and every wakeup of the reader is an interrupt to another (often idle) CPU. Left to the
 * scheduler, both stay where they last ran whenever the other CPU is idle, so a GET got either case by chance: on the
 * 2-core VM a 256 MiB GET took 85–120 ms on one CPU and 115–435 ms across two, the server's CPU 41–49 ms against
 * 71–160 ms. The reader's CPU is the socket's {@code SO_INCOMING_CPU}: over loopback a packet's receive path runs
 * on the CPU that sent it, so the peer's request and ACKs name the CPU it last ran on; the writer looks again every
 * {@link #CHECK_EVERY} writes and moves along when the reader moved.
 *
 * <p>The moved thread is the channel's event loop; it keeps serving its other channels, on that CPU, until the
 * response is released, then gets back the CPU set it had. A thread it starts meanwhile inherits its one CPU
 * (clone(2) copies the mask): a carrier of virtual threads, made when the loop starts or wakes a connection's worker
 * and the scheduler is short of one, would keep it for its life; at the release, each thread confined to a CPU this
 * response moved to, and followed by no other, gets the CPU set back as well. A thread already following one reader
 * does not follow a second, and a reader on a CPU outside the thread's set is not followed.
 */
final class ReaderAffinity {
    private static final System.Logger LOG = System.getLogger(ReaderAffinity.class.getName());
    /** Writes between two looks at the reader's CPU: a system call each, and readers seldom move. */
    static final int CHECK_EVERY = 8;
    /** A response that follows no reader: other transports, network peers. */
    static final ReaderAffinity NONE = new ReaderAffinity(-1);
    /** Threads moved, and by which response: one follows one reader at a time. */
    private static final ConcurrentHashMap<Integer, ReaderAffinity> MOVED = new ConcurrentHashMap<>();
    private static final Path LAST_TASK = Path.of("/proc/sys/kernel/ns_last_pid");

    private final int fd;
    private int writes;
    private boolean done;
    /** The thread this response moved, its CPU set before, and the CPU it is on; -1 and null while none. */
    private int thread = -1;
    private BitSet before;
    private int cpu = -1;
    /** Every CPU this response confined the thread to. */
    private final BitSet visited = new BitSet();
    /** The pid namespace's last task id when the thread was first confined; empty if unreadable. */
    private String lastTaskAtMove = "";

    ReaderAffinity(int fd) {
        this.fd = fd;
    }

    /** For a response on {@code channel}: following its reader on a native (epoll) socket, else {@link #NONE}. */
    static ReaderAffinity of(Channel channel) {
        return channel instanceof UnixChannel unix ? new ReaderAffinity(unix.fd().intValue()) : NONE;
    }

    /** Called on the writing thread before each write: now and then, moves it to the reader's CPU. */
    void beforeWrite() {
        if (fd >= 0) {
            follow();
        }
    }

    /** Puts the thread back on its CPU set, and follows no more; once the response is released. */
    void release() {
        if (fd >= 0) {
            stop();
        }
    }

    /** Whether this response has moved a thread (for tests). */
    synchronized boolean following() {
        return cpu >= 0;
    }

    private synchronized void follow() {
        if (done || writes++ % CHECK_EVERY != 0) {
            return;
        }
        try {
            int reader = CpuAffinity.incomingCpu(fd);
            if (reader < 0 || reader == cpu) {
                return;
            }
            if (thread < 0) {
                int self = CpuAffinity.currentThreadId();
                if (MOVED.putIfAbsent(self, this) != null) {
                    done = true;
                    return;
                }
                thread = self;
                before = CpuAffinity.get(self);
                lastTaskAtMove = lastTask();
            }
            if (!before.get(reader)) {
                stop();
                return;
            }
            BitSet only = new BitSet();
            only.set(reader);
            CpuAffinity.set(thread, only);
            cpu = reader;
            visited.set(reader);
        } catch (IOException e) {
            // Only the placement is lost: the bytes go out as they would have anyway.
            LOG.log(System.Logger.Level.DEBUG, "not following a loopback reader's CPU: " + e.getMessage(), e);
            stop();
        }
    }

    private synchronized void stop() {
        done = true;
        if (thread < 0) {
            return;
        }
        try {
            if (cpu >= 0) {
                CpuAffinity.set(thread, before);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING,
                    "event loop thread " + thread + " stays on CPU " + cpu + ": " + e.getMessage(), e);
        } finally {
            MOVED.remove(thread, this);
            thread = -1;
            cpu = -1;
        }
        if (!visited.isEmpty()) {
            // No task made since (the last id unchanged): no thread to look for, as for most small blobs.
            if (lastTaskAtMove.isEmpty() || !lastTaskAtMove.equals(lastTask())) {
                releaseStarted();
            }
            visited.clear();
        }
    }

    /** The id the kernel last gave a task in this pid namespace ({@code ns_last_pid}); empty if unreadable. */
    private static String lastTask() {
        // One read: a sysctl file answers a read past its start with nothing, so readString's small first read
        // would see only the first digit.
        try (var in = Files.newInputStream(LAST_TASK)) {
            byte[] value = new byte[32];
            int n = in.read(value);
            return n <= 0 ? "" : new String(value, 0, n, java.nio.charset.StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Gives {@link #before} back to the threads started while the moved thread was confined: those confined to one
     * of {@link #visited} that no response is following with. Looked for after the moved thread's own release, so
     * that a thread it starts later inherits the whole set.
     */
    private void releaseStarted() {
        List<Path> tasks;
        try (Stream<Path> listed = Files.list(Path.of("/proc/self/task"))) {
            tasks = listed.toList();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "list this process's threads: " + e.getMessage(), e);
            return;
        }
        for (Path task : tasks) {
            int tid;
            try {
                tid = Integer.parseInt(task.getFileName().toString());
            } catch (NumberFormatException e) {
                continue;
            }
            try {
                BitSet mask = CpuAffinity.get(tid);
                // read before MOVED: a follower enters MOVED before it confines its thread
                if (mask.cardinality() == 1 && visited.get(mask.nextSetBit(0)) && !MOVED.containsKey(tid)) {
                    CpuAffinity.set(tid, before);
                }
            } catch (IOException e) {
                // A thread that ended meanwhile (ESRCH): nothing of it is left to release.
                LOG.log(System.Logger.Level.DEBUG, "thread " + tid + ": " + e.getMessage(), e);
            }
        }
    }
}
