package dev.berth.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelConfig;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestBodyTest {
    /**
     * The event loop's offer that fills the queue counts the chunk, then stops reading: a reader that drains the
     * queue between the two saw reading still on at its low-water mark, asked for nothing, and the channel stayed
     * paused with the rest of the body unread. The gate holds the offer between its count and its pause while the
     * reader drains; reading must be on again once the event loop has run what the reader left for it.
     */
    @Test
    void readerDrainingWhileTheFillingOfferPauses_stillTurnsReadingBackOn() throws Exception {
        CountDownLatch pausing = new CountDownLatch(1);
        CountDownLatch pause = new CountDownLatch(1);
        GatedChannel channel = new GatedChannel(pausing, pause);
        RequestBody body = new RequestBody(channel);
        Thread eventLoop = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < RequestBody.HIGH_WATER; i++) {
                body.offer(Unpooled.wrappedBuffer(new byte[] {(byte) i}));
            }
        });
        assertThat(pausing.await(30, TimeUnit.SECONDS)).as("the filling offer reached its pause").isTrue();
        Thread reader = Thread.ofPlatform().start(() -> {
            byte[] one = new byte[1];
            try {
                for (int i = 0; i < RequestBody.HIGH_WATER; i++) {
                    body.read(one, 0, 1);
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        reader.join();
        pause.countDown();
        eventLoop.join();

        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).as("reading on again, the queue being empty").isTrue();
        channel.finishAndReleaseAll();
    }

    /** An embedded channel whose {@code setAutoRead(false)} waits at a gate, after telling that it got there. */
    private static final class GatedChannel extends EmbeddedChannel {
        private final ChannelConfig config;

        GatedChannel(CountDownLatch pausing, CountDownLatch pause) {
            config = new DefaultChannelConfig(this) {
                @Override
                public ChannelConfig setAutoRead(boolean autoRead) {
                    if (!autoRead) {
                        pausing.countDown();
                        try {
                            pause.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return super.setAutoRead(autoRead);
                }
            };
        }

        @Override
        public ChannelConfig config() {
            // EmbeddedChannel's constructor asks before this class's field is set.
            return config != null ? config : super.config();
        }
    }
}
