package dev.berth.client.pull;

import dev.berth.oci.digest.Digest;
import java.util.Optional;

/**
 * One progress message of a pull, one-to-one with the JSON messages dockerd streams from {@code POST /images/create}
 * ({@code {"status":…,"id":…,"progressDetail":{"current":…,"total":…}}}): {@link #status()} is the text, {@link #id()}
 * the line it belongs to (a layer's 12-hex short id, or the tag on the {@code Pulling from} line) and
 * {@link #progress()} the byte counts of the {@code Downloading} and {@code Extracting} bars.
 */
public sealed interface PullEvent {
    String status();

    Optional<String> id();

    default Optional<Progress> progress() {
        return Optional.empty();
    }

    /** {@code progressDetail}: bytes done of total. */
    record Progress(long current, long total) {
        public Progress {
            if (current < 0 || total < 0) {
                throw new IllegalArgumentException("negative progress " + current + "/" + total);
            }
        }
    }

    /** Events about one layer, identified by its blob digest; the id is docker's short form. */
    sealed interface LayerEvent extends PullEvent {
        Digest layer();

        @Override
        default Optional<String> id() {
            return Optional.of(layer().shortId());
        }
    }

    /** {@code <tag>: Pulling from <repository path>}. */
    record PullingFrom(String tagOrDigest, String repository) implements PullEvent {
        public String status() {
            return "Pulling from " + repository;
        }

        public Optional<String> id() {
            return Optional.of(tagOrDigest);
        }
    }

    record PullingFsLayer(Digest layer) implements LayerEvent {
        public String status() {
            return "Pulling fs layer";
        }
    }

    /** Queued behind {@code max-concurrent-downloads} other layers, or behind another pull of the same blob. */
    record Waiting(Digest layer) implements LayerEvent {
        public String status() {
            return "Waiting";
        }
    }

    record Downloading(Digest layer, long current, long total) implements LayerEvent {
        public String status() {
            return "Downloading";
        }

        public Optional<Progress> progress() {
            return Optional.of(new Progress(current, total));
        }
    }

    /** A failed download will be resumed from the bytes received, as docker's {@code Retrying in N seconds}. */
    record Retrying(Digest layer, long seconds) implements LayerEvent {
        public String status() {
            return "Retrying in " + seconds + " second" + (seconds == 1 ? "" : "s");
        }
    }

    record VerifyingChecksum(Digest layer) implements LayerEvent {
        public String status() {
            return "Verifying Checksum";
        }
    }

    record DownloadComplete(Digest layer) implements LayerEvent {
        public String status() {
            return "Download complete";
        }
    }

    record Extracting(Digest layer, long current, long total) implements LayerEvent {
        public String status() {
            return "Extracting";
        }

        public Optional<Progress> progress() {
            return Optional.of(new Progress(current, total));
        }
    }

    record PullComplete(Digest layer) implements LayerEvent {
        public String status() {
            return "Pull complete";
        }
    }

    record AlreadyExists(Digest layer) implements LayerEvent {
        public String status() {
            return "Already exists";
        }
    }

    /** {@code Digest: sha256:…}: what the reference resolved to (the index's digest for a multi-platform image). */
    record Resolved(Digest digest) implements PullEvent {
        public String status() {
            return "Digest: " + digest;
        }

        public Optional<String> id() {
            return Optional.empty();
        }
    }

    /**
     * {@code Status: Downloaded newer image for <ref>} when the reference now names an image it did not before,
     * {@code Status: Image is up to date for <ref>} otherwise; {@code reference} is docker's familiar form.
     */
    record Done(String reference, boolean newer) implements PullEvent {
        public String status() {
            return newer ? "Status: Downloaded newer image for " + reference
                    : "Status: Image is up to date for " + reference;
        }

        public Optional<String> id() {
            return Optional.empty();
        }
    }
}
