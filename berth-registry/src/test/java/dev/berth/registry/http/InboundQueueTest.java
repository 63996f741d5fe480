package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InboundQueueTest {
    private static final int CHUNK = 256 * 1024;

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<HttpContent> offered = new ArrayList<>();

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void readsAheadUpToTheHighWater_thenPauses_andResumesBelowTheLowWater() throws Exception {
        InboundBudget budget = new InboundBudget(InboundBudget.DEFAULT_BYTES);
        InboundQueue queue = new InboundQueue(channel, budget);
        offerUntilPaused(queue);
        assertThat(queuedBytes()).isGreaterThan(InboundQueue.HIGH_WATER);

        while (queuedBytes() - CHUNK >= InboundQueue.LOW_WATER) {
            take(queue);
            channel.runPendingTasks();
            assertThat(channel.config().isAutoRead()).isFalse();
        }
        take(queue);
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(budget.queued()).isEqualTo(queuedBytes());
    }

    @Test
    void overTheSharedBudget_aConnectionPausesAtTheTightHighWater() {
        InboundBudget budget = new InboundBudget(1);
        budget.add(2); // another connection holds more than the budget
        InboundQueue queue = new InboundQueue(channel, budget);
        offerUntilPaused(queue);
        assertThat(queuedBytes()).isGreaterThan(InboundQueue.TIGHT_HIGH_WATER).isLessThan(InboundQueue.HIGH_WATER);
    }

    @Test
    void drain_returnsTheQueuedBytesToTheBudget_andLaterChunksAreReleasedAtOnce() {
        InboundBudget budget = new InboundBudget(InboundBudget.DEFAULT_BYTES);
        InboundQueue queue = new InboundQueue(channel, budget);
        offerUntilPaused(queue);
        queue.drain();
        HttpContent late = chunk();
        queue.offer(late);
        assertThat(budget.queued()).isZero();
        assertThat(offered).allSatisfy(c -> assertThat(c.refCnt()).isZero());
    }

    private void offerUntilPaused(InboundQueue queue) {
        while (channel.config().isAutoRead()) {
            HttpContent c = chunk();
            queue.offer(c);
        }
    }

    private HttpContent chunk() {
        HttpContent c = new DefaultHttpContent(Unpooled.buffer(CHUNK).writerIndex(CHUNK));
        offered.add(c);
        return c;
    }

    private void take(InboundQueue queue) throws Exception {
        queue.takeContent().release();
    }

    private long queuedBytes() {
        return offered.stream().filter(c -> c.refCnt() > 0).mapToLong(c -> c.content().readableBytes()).sum();
    }
}
