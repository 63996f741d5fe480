package dev.berth.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ApiResponseTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ApiResponse response = new ApiResponse(channel, true, false, h -> {}, in -> {});

    @Test
    void stream_sendsEveryByteInOrder_inChunksOfAtMost128KiB_flushedWhenAsked() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (OutputStream out = response.stream(HttpResponseStatus.OK, "application/json")) {
            out.flush();
            write(out, expected, "{\"status\":\"line\"}\n".getBytes());
            out.flush();
            for (int i = 0; i < 5000; i++) {
                out.write('a' + i % 26);
                expected.write('a' + i % 26);
            }
            write(out, expected, pattern(300 * 1024));
            write(out, expected, pattern(7));
        }
        assertThat(channel.<Object>readOutbound()).isInstanceOf(HttpResponse.class);
        List<Integer> sizes = new ArrayList<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        for (Object m = channel.readOutbound(); m != null; m = channel.readOutbound()) {
            ByteBuf b = ((HttpContent) m).content();
            sizes.add(b.readableBytes());
            b.readBytes(received, b.readableBytes());
            ((HttpContent) m).release();
            if (m instanceof LastHttpContent) {
                break;
            }
        }
        assertThat(received.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(sizes.getFirst()).as("the flushed line on its own").isEqualTo(18);
        assertThat(sizes).allMatch(n -> n <= 128 * 1024).contains(128 * 1024);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void onClose_runsWhenTheConnectionCloses_orAtOnceWhenItIsClosed() {
        AtomicInteger runs = new AtomicInteger();
        response.onClose(runs::incrementAndGet);
        assertThat(runs).hasValue(0);
        channel.close();
        assertThat(runs).hasValue(1);
        response.onClose(runs::incrementAndGet);
        assertThat(runs).hasValue(2);
    }

    /** A kept-alive connection serves many waits: each one's action goes when its request is done. */
    @Test
    void onClose_withdrawn_doesNotRunWhenTheConnectionCloses_norStaysWithIt() {
        AtomicInteger runs = new AtomicInteger();
        int before = closeListeners();
        Runnable withdraw = response.onClose(runs::incrementAndGet);
        assertThat(closeListeners()).isEqualTo(before + 1);
        withdraw.run();
        assertThat(closeListeners()).as("listeners of the connection's close").isEqualTo(before);
        channel.close();
        assertThat(runs).hasValue(0);
    }

    /** The listeners the channel's close future holds (Netty keeps them in one field, alone or in an array). */
    private int closeListeners() {
        try {
            Class<?> promise = io.netty.util.concurrent.DefaultPromise.class;
            java.lang.reflect.Field single = promise.getDeclaredField("listener");
            java.lang.reflect.Field many = promise.getDeclaredField("listeners");
            single.setAccessible(true);
            many.setAccessible(true);
            Object future = channel.closeFuture();
            if (single.get(future) != null) {
                return 1;
            }
            Object list = many.get(future);
            if (list == null) {
                return 0;
            }
            java.lang.reflect.Method size = list.getClass().getDeclaredMethod("size");
            size.setAccessible(true);
            return (int) size.invoke(list);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Netty's DefaultPromise changed: " + e, e);
        }
    }

    private static void write(OutputStream out, ByteArrayOutputStream expected, byte[] b) throws IOException {
        out.write(b);
        expected.write(b);
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }
}
