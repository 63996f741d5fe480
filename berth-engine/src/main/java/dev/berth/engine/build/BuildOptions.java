package dev.berth.engine.build;

import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Platform;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code docker build} asks for: the Dockerfile's path in the context, tags, {@code --build-arg}s (a value of
 * empty Optional: the name only, the value left unset), {@code --label}s, {@code --no-cache}, {@code --pull},
 * {@code --target}, {@code --platform}, {@code --network}.
 */
public record BuildOptions(String dockerfile, List<Reference> tags, Map<String, Optional<String>> buildArgs,
        Map<String, String> labels, boolean noCache, boolean pull, Optional<String> target,
        Optional<Platform> platform, BuildNetwork network) {
    public BuildOptions {
        Objects.requireNonNull(dockerfile, "dockerfile");
        tags = List.copyOf(tags);
        buildArgs = Map.copyOf(buildArgs);
        labels = Map.copyOf(labels);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(network, "network");
    }

    public static BuildOptions defaults() {
        return new BuildOptions("Dockerfile", List.of(), Map.of(), Map.of(), false, false, Optional.empty(),
                Optional.empty(), BuildNetwork.NONE);
    }

    public BuildOptions withTags(List<Reference> t) {
        return new BuildOptions(dockerfile, t, buildArgs, labels, noCache, pull, target, platform, network);
    }

    public BuildOptions withBuildArgs(Map<String, Optional<String>> a) {
        return new BuildOptions(dockerfile, tags, a, labels, noCache, pull, target, platform, network);
    }

    public BuildOptions withLabels(Map<String, String> l) {
        return new BuildOptions(dockerfile, tags, buildArgs, l, noCache, pull, target, platform, network);
    }

    public BuildOptions withNoCache(boolean n) {
        return new BuildOptions(dockerfile, tags, buildArgs, labels, n, pull, target, platform, network);
    }

    public BuildOptions withPull(boolean p) {
        return new BuildOptions(dockerfile, tags, buildArgs, labels, noCache, p, target, platform, network);
    }

    public BuildOptions withTarget(String t) {
        return new BuildOptions(dockerfile, tags, buildArgs, labels, noCache, pull, Optional.of(t), platform,
                network);
    }

    public BuildOptions withDockerfile(String d) {
        return new BuildOptions(d, tags, buildArgs, labels, noCache, pull, target, platform, network);
    }

    public BuildOptions withPlatform(Platform p) {
        return new BuildOptions(dockerfile, tags, buildArgs, labels, noCache, pull, target, Optional.of(p), network);
    }

    public BuildOptions withNetwork(BuildNetwork n) {
        return new BuildOptions(dockerfile, tags, buildArgs, labels, noCache, pull, target, platform, n);
    }
}
