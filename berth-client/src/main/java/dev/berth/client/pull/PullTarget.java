package dev.berth.client.pull;

import dev.berth.oci.content.ContentStore;

/**
 * Where a pull puts what it fetches, implemented by the daemon's image store: blobs (the layers as distributed, the
 * config, the manifest and index as received) in a {@link ContentStore}, unpacked layers in a {@link LayerStore}, and
 * finally the image under its name by {@link #register}. Nothing is registered until every layer and blob is stored;
 * a failed pull registers nothing.
 */
public interface PullTarget {
    ContentStore content();

    LayerStore layers();

    /**
     * Makes {@code image.reference()} name the pulled image. Returns true when the reference is new or named another
     * image before (docker's {@code Downloaded newer image}), false when it already named this one ({@code Image is up
     * to date}).
     */
    boolean register(PulledImage image);
}
