package dev.berth.oci.layer;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reports every directory above a change as modified, once and before the change, like containerd's change writer
 * ({@code includeParents}) and {@code docker diff}: the layer then carries the parents' owners and modes, and the
 * listing shows where changes are.
 */
final class ParentsFirst implements DiffSink {
    private final DiffSink next;
    /** The reported directories on the path to the current event, outermost first. */
    private final Deque<String> reported = new ArrayDeque<>();

    ParentsFirst(DiffSink next) {
        this.next = next;
    }

    @Override
    public void accept(DiffEvent event) throws IOException {
        if (!event.kind().listed() && event.kind() != DiffEvent.Kind.OPAQUE) {
            next.accept(event);
            return;
        }
        String path = event.path();
        while (!reported.isEmpty() && !isSelfOrAncestor(reported.peekLast(), path)) {
            reported.pollLast();
        }
        // The reported directories form the chain from the root, so only the deeper ancestors are missing.
        int known = reported.size();
        int depth = 0;
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            if (++depth > known) {
                String parent = path.substring(0, slash);
                next.accept(DiffEvent.of(DiffEvent.Kind.MODIFIED, parent));
                reported.addLast(parent);
            }
        }
        next.accept(event);
        if (event.kind() == DiffEvent.Kind.ADDED || event.kind() == DiffEvent.Kind.MODIFIED) {
            reported.addLast(path);
        }
    }

    private static boolean isSelfOrAncestor(String dir, String path) {
        return path.equals(dir) || (path.startsWith(dir) && path.charAt(dir.length()) == '/');
    }
}
