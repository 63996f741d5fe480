package dev.berth.engine.image;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image as {@code GET /images/json} lists it: the record, its familiar tags ({@code busybox:latest}) and repo
 * digests ({@code busybox@sha256:…}), and the labels of its config.
 */
public record ImageSummary(ImageRecord image, List<String> repoTags, List<String> repoDigests,
        Map<String, String> labels) {
    public ImageSummary {
        Objects.requireNonNull(image, "image");
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
        labels = Map.copyOf(labels);
    }

    public boolean dangling() {
        return repoTags.isEmpty();
    }
}
