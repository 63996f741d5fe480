package dev.berth.oci.layer;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The paths this layer has put into the tree, and their ancestors. Whiteouts only hide what lower layers put there
 * (OCI layer.md: "files that are present in the same layer as a whiteout file can only be hidden by whiteout files
 * in subsequent layers"), so they must tell the layer's own entries apart from the lower ones, in whatever order the
 * tar lists them.
 */
final class AppliedPaths {
    private final Path root;
    private final Set<String> entries = new HashSet<>();
    private final Set<String> ancestors = new HashSet<>();

    AppliedPaths(Path root) {
        this.root = root;
    }

    void add(Path path) {
        entries.add(path.toString());
        for (Path a = path.getParent(); a != null && !a.equals(root) && ancestors.add(a.toString()); a = a.getParent()) {
            // each ancestor recorded once; an already-known one implies all above it are known
        }
    }

    /** True when this layer created or replaced {@code path} itself. */
    boolean isEntry(Path path) {
        return entries.contains(path.toString());
    }

    /** True when this layer put something below {@code path}. */
    boolean holdsEntries(Path path) {
        return ancestors.contains(path.toString());
    }
}
