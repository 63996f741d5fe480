package dev.berth.oci.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockingCallTest {
    /** A waiter in /proc/locks: {@code 1: -> FLOCK  ADVISORY  WRITE 4198 00:1f:1234 0 EOF}; group 1 is the inode. */
    private static final Pattern FLOCK_WAITER =
            Pattern.compile("-> FLOCK\\s+\\S+\\s+\\S+\\s+\\d+\\s+[0-9a-f]+:[0-9a-f]+:(\\d+)\\s");

    @TempDir
    Path dir;

    @Test
    void withFlock_waitingOnAsManyVirtualThreadsAsCarriers_leavesOtherVirtualThreadsRunning() throws Exception {
        Path lock = Files.createFile(dir.resolve("lock"));
        long inode = (long) Files.getAttribute(lock, "unix:ino");
        int carriers = Carriers.count();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            try {
                Syscalls.withFlock(lock, () -> {
                    held.countDown();
                    awaitUninterruptibly(release);
                    return null;
                });
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        List<Thread> waiters = new ArrayList<>();
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < carriers; i++) {
                int index = i;
                waiters.add(Thread.ofVirtual().start(() -> {
                    try {
                        Syscalls.withFlock(lock, () -> order.add(index));
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }));
            }
            awaitFlockWaiters(inode, carriers);

            Carriers.assertAVirtualThreadRuns(carriers + " virtual threads wait for a flock");
        } finally {
            release.countDown();
            holder.join();
            for (Thread t : waiters) {
                t.join();
            }
        }
        assertThat(order).hasSize(carriers);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // The holder lets go only when the test says so.
            }
        }
    }

    /** Waits until the kernel lists {@code count} processes' threads waiting for a flock on {@code inode}. */
    private static void awaitFlockWaiters(long inode, int count) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            long waiting = Files.readAllLines(Path.of("/proc/locks")).stream().map(FLOCK_WAITER::matcher)
                    .filter(Matcher::find).filter(m -> Long.parseLong(m.group(1)) == inode).count();
            if (waiting >= count) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(waiting + " of " + count + " flock waiters on inode " + inode
                        + " after 30 s: " + Files.readString(Path.of("/proc/locks")));
            }
            Thread.sleep(20);
        }
    }
}
