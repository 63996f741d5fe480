package dev.berth.engine.build;

import dev.berth.engine.build.context.BuildContext;
import dev.berth.engine.image.ImageStore;
import dev.berth.engine.snapshot.Snapshotter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the stages of one build share: the stores, the cache, where workspaces mount, how RUN runs and base images
 * are found, the context, the options, a scratch directory, and the results of other
 * stages by name or index (waiting for them when they are still being built).
 */
record BuildSession(ImageStore store, BuildCache cache, LayerCommitter committer, Snapshotter snapshots,
        Path emptyLower, CommandRunner runner, BaseImages baseImages, BuildContext context, BuildOptions options,
        Path tmp, Function<String, Optional<BuildImage>> stageResult) {
    Workspace mount(BuildImage image) {
        return Workspace.mount(snapshots, store, image, emptyLower);
    }
}
