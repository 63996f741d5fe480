package dev.berth.engine.build;

import dev.berth.engine.image.ImageRecord;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Platform;
import java.util.Optional;

/**
 * Where FROM and {@code COPY --from} find images that are not stages: the image store, pulling when the image is
 * missing or {@code --pull} asks for a fresh copy (the daemon pulls through its distribution package).
 */
public interface BaseImages {
    /** The image {@code ref} names for {@code platform}; {@code pull} forces a pull. Progress lines go to {@code progress}. */
    ImageRecord get(Reference ref, Optional<Platform> platform, boolean pull, BuildProgress progress);
}
