package dev.berth.client.pull;

import dev.berth.client.pull.PullEvent.Downloading;
import dev.berth.oci.digest.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A blob download as it arrives: reports {@code Downloading} about every 1% (at least every 512 KiB), and fails
 * the read once the pull is cancelled, which keeps what was received for a resume like any cut connection. A failed
 * read is reported to {@code onFailure}: the network failed, not the disk, so a retry may help.
 */
final class ProgressStream extends FilterInputStream {
    private static final long MIN_STEP = 512 * 1024;

    private final Digest layer;
    private final long total;
    private final long step;
    private final Consumer<PullEvent> events;
    private final BooleanSupplier cancelled;
    private final Runnable onFailure;
    private long position;
    private long reported;

    ProgressStream(InputStream in, Digest layer, long offset, long total, Consumer<PullEvent> events,
            BooleanSupplier cancelled, Runnable onFailure) {
        super(in);
        this.layer = layer;
        this.position = offset;
        this.reported = offset;
        this.total = total;
        this.step = Math.max(MIN_STEP, total / 100);
        this.events = events;
        this.cancelled = cancelled;
        this.onFailure = onFailure;
        events.accept(new Downloading(layer, offset, total));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (cancelled.getAsBoolean()) {
            throw new IOException("pull cancelled");
        }
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            onFailure.run();
            throw e;
        }
        if (n > 0) {
            position += n;
            if (position - reported >= step || position == total) {
                reported = position;
                events.accept(new Downloading(layer, position, total));
            }
        }
        return n;
    }
}
