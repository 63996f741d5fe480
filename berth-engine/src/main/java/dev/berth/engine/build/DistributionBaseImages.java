package dev.berth.engine.build;

import dev.berth.engine.distribution.Distribution;
import dev.berth.engine.image.ImageRecord;
import dev.berth.engine.image.ImageStore;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Platform;
import java.util.Optional;

/** Base images from the daemon's store, pulled through its {@link Distribution} when missing or asked to. */
public final class DistributionBaseImages implements BaseImages {
    private final Distribution distribution;
    private final ImageStore store;

    public DistributionBaseImages(Distribution distribution, ImageStore store) {
        this.distribution = distribution;
        this.store = store;
    }

    @Override
    public ImageRecord get(Reference ref, Optional<Platform> platform, boolean pull, BuildProgress progress) {
        Optional<ImageRecord> local = store.find(ref.toString())
                .filter(r -> platform.isEmpty() || r.platform().os().equals(platform.get().os())
                        && r.platform().architecture().equals(platform.get().architecture()));
        if (local.isPresent() && !pull) {
            return local.get();
        }
        progress.stream(ref.tag().orElse("latest") + ": Pulling from " + ref.familiarName() + "\n");
        // The image pulled, by its ID: the tag may already name another platform's image, pulled at the same time
        // for a stage built with another FROM --platform.
        return store.get(distribution.pull(ref, platform, Optional.empty(), event -> { }).id().toString());
    }
}
