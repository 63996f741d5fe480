package dev.berth.client.pull;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.layer.ApplyOptions;
import dev.berth.oci.layer.LayerDigests;
import dev.berth.oci.layer.WhiteoutMode;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where unpacked read-only layer directories live, keyed by chain ID: the one part of a daemon's layer store a pull
 * needs. Implemented by the daemon; {@link DirectoryLayerStore} is a plain one.
 *
 * <p>Lifecycle of a layer: {@link #contains} false → {@link #create}: the store names a staging directory that does
 * not exist yet, {@code unpack} creates and fills it (in one pass from the network) and returns the layer's digests,
 * and the store then makes it the layer {@code key.chainId()} atomically (a rename), so a crash or a failure never
 * leaves a partial layer visible → {@link #contains} true, for good. If {@code unpack} throws, the store forgets the
 * staging name (the unpacker removed what it made) and rethrows. A process killed mid-unpack leaves a staging
 * directory behind: the store removes such leftovers when it opens, before any pull.
 *
 * <p>The layers of one image are created concurrently and in no particular order: a layer's parent may not exist yet
 * when it is created. Two creations of the same chain ID may race (two daemons' worth of pulls); the second to finish
 * must keep the first one's directory and succeed.
 */
public interface LayerStore {
    /** True when layer {@code chainId} is unpacked and committed. */
    boolean contains(Digest chainId);

    /** Creates layer {@code key} from what {@code unpack} writes into the (not yet existing) directory it is given. */
    LayerDigests create(LayerKey key, Function<Path, LayerDigests> unpack);

    /**
     * How layers are applied into their directories: by default each holds its own diff for overlayfs to stack
     * (whiteouts as overlay whiteouts), ownership applied.
     */
    default ApplyOptions applyOptions() {
        return ApplyOptions.defaults().withWhiteoutMode(WhiteoutMode.OVERLAY);
    }
}
