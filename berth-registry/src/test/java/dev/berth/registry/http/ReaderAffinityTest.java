package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.linux.CpuAffinity;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.unix.FileDescriptor;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.BitSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReaderAffinityTest {
    private LinuxSocket listener;
    private Socket reader;
    private FileDescriptor accepted;
    private int thread;
    private BitSet cpus;

    @BeforeEach
    void connectOverLoopback() throws Exception {
        Epoll.ensureAvailability();
        listener = LinuxSocket.newSocketStream();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        listener.listen(1);
        reader = new Socket();
        reader.connect(listener.localAddress());
        OutputStream request = reader.getOutputStream();
        request.write('G'); // a packet from the reader's side, as a request is
        request.flush();
        accepted = new FileDescriptor(listener.accept(new byte[32]));
        thread = CpuAffinity.currentThreadId();
        cpus = CpuAffinity.get(thread);
    }

    @AfterEach
    void close() throws Exception {
        CpuAffinity.set(thread, cpus);
        accepted.close();
        reader.close();
        listener.close();
    }

    @Test
    void theWriter_movesToTheReadersCpu_andGetsItsCpusBack_whenReleasedFromAnyThread() throws Exception {
        ReaderAffinity affinity = new ReaderAffinity(accepted.intValue());
        affinity.beforeWrite();
        int readerCpu = CpuAffinity.incomingCpu(accepted.intValue());
        assertThat(cpus.get(readerCpu)).isTrue();
        BitSet only = new BitSet();
        only.set(readerCpu);
        assertThat(affinity.following()).isTrue();
        assertThat(CpuAffinity.get(thread)).isEqualTo(only);

        Thread releaser = Thread.ofPlatform().start(affinity::release);
        releaser.join();
        assertThat(affinity.following()).isFalse();
        assertThat(CpuAffinity.get(thread)).isEqualTo(cpus);
        affinity.beforeWrite(); // released: follows no more
        assertThat(CpuAffinity.get(thread)).isEqualTo(cpus);
    }

    @Test
    void aThreadFollowingOneReader_doesNotFollowASecond_untilTheFirstIsReleased() throws Exception {
        ReaderAffinity first = new ReaderAffinity(accepted.intValue());
        ReaderAffinity second = new ReaderAffinity(accepted.intValue());
        first.beforeWrite();
        BitSet moved = CpuAffinity.get(thread);
        second.beforeWrite();
        assertThat(second.following()).isFalse();
        first.release();
        assertThat(CpuAffinity.get(thread)).isEqualTo(cpus);
        second.release();
        assertThat(CpuAffinity.get(thread)).isEqualTo(cpus);
        assertThat(moved.cardinality()).isEqualTo(1);

        ReaderAffinity third = new ReaderAffinity(accepted.intValue());
        third.beforeWrite();
        assertThat(third.following()).isTrue();
        third.release();
    }

    /**
     * A thread started by the moved one inherits its one CPU (clone(2) copies the mask): as a carrier of virtual
     * threads does that the event loop's scheduling of a connection's worker makes. It gets the CPUs back too.
     */
    @Test
    void aThreadStartedWhileFollowing_getsItsCpusBack_withTheWriter() throws Exception {
        ReaderAffinity affinity = new ReaderAffinity(accepted.intValue());
        affinity.beforeWrite();
        assertThat(affinity.following()).isTrue();
        java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        int[] child = new int[1];
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        Thread spawned = Thread.ofPlatform().start(() -> {
            child[0] = CpuAffinity.currentThreadId();
            started.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            started.await();
            assertThat(CpuAffinity.get(child[0]).cardinality()).as("inherited").isEqualTo(1);
            affinity.release();
            assertThat(CpuAffinity.get(child[0])).as("the started thread's CPUs after the release").isEqualTo(cpus);
        } finally {
            released.countDown();
            spawned.join();
        }
    }

    @Test
    void none_neverMovesTheThread() {
        ReaderAffinity.NONE.beforeWrite();
        ReaderAffinity.NONE.release();
        assertThat(ReaderAffinity.NONE.following()).isFalse();
    }
}
