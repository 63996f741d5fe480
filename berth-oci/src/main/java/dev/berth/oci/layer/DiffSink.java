package dev.berth.oci.layer;

import java.io.IOException;

/** Receives the {@link DiffEvent}s of a walk, in walk order. */
@FunctionalInterface
interface DiffSink {
    void accept(DiffEvent event) throws IOException;
}
