package dev.berth.oci.layer;

import java.io.IOException;

/** A way of finding what changed in a tree; it reports to the sink in walk order. */
@FunctionalInterface
interface DiffWalk {
    void walk(DiffSink sink) throws IOException;
}
