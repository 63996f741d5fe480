package dev.berth.oci.layout;

import dev.berth.oci.error.BerthException;
import java.util.Optional;

/** {@code os/architecture[/variant]} of an image being built. */
record ImagePlatform(String os, String architecture, Optional<String> variant) {
    static ImagePlatform parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || java.util.Arrays.stream(parts).anyMatch(String::isEmpty)) {
            throw BerthException.invalid("platform \"" + text + "\": expected os/architecture[/variant]");
        }
        return new ImagePlatform(parts[0], parts[1], parts.length == 3 ? Optional.of(parts[2]) : Optional.empty());
    }

    @Override
    public String toString() {
        return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
    }
}
