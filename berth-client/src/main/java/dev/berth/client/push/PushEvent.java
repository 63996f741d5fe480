package dev.berth.client.push;

import dev.berth.oci.digest.Digest;
import java.util.Optional;

/**
 * One progress message of a push, one-to-one with the JSON messages dockerd streams from {@code POST
 * /images/{name}/push}. Layer lines are identified as docker identifies them: by the layer's diff_id, short.
 */
public sealed interface PushEvent {
    String status();

    Optional<String> id();

    default Optional<long[]> progress() {
        return Optional.empty();
    }

    /** Events about one layer; {@code id} is docker's 12-hex short id of its diff_id (of its blob when unknown). */
    sealed interface LayerEvent extends PushEvent {
        Digest layer();

        @Override
        default Optional<String> id() {
            return Optional.of(layer().shortId());
        }
    }

    /** {@code The push refers to repository [127.0.0.1:5000/team/app]}. */
    record Refers(String repository) implements PushEvent {
        public String status() {
            return "The push refers to repository [" + repository + "]";
        }

        public Optional<String> id() {
            return Optional.empty();
        }
    }

    record Preparing(Digest layer) implements LayerEvent {
        public String status() {
            return "Preparing";
        }
    }

    record Waiting(Digest layer) implements LayerEvent {
        public String status() {
            return "Waiting";
        }
    }

    record Pushing(Digest layer, long current, long total) implements LayerEvent {
        public String status() {
            return "Pushing";
        }

        public Optional<long[]> progress() {
            return Optional.of(new long[] {current, total});
        }
    }

    record Pushed(Digest layer) implements LayerEvent {
        public String status() {
            return "Pushed";
        }
    }

    record LayerAlreadyExists(Digest layer) implements LayerEvent {
        public String status() {
            return "Layer already exists";
        }
    }

    /** {@code Mounted from library/busybox}: the registry linked the blob from another repository, nothing sent. */
    record MountedFrom(Digest layer, String repository) implements LayerEvent {
        public String status() {
            return "Mounted from " + repository;
        }
    }

    /** {@code latest: digest: sha256:… size: 527}, with docker's {@code aux} fields Tag, Digest and Size. */
    record Done(String tag, Digest digest, long size) implements PushEvent {
        public String status() {
            return tag + ": digest: " + digest + " size: " + size;
        }

        public Optional<String> id() {
            return Optional.empty();
        }
    }
}
