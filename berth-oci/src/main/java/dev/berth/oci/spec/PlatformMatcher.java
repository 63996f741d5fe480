package dev.berth.oci.spec;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which platforms an engine can run, best first, like containerd's {@code platforms.Only}: arm v7 also runs v6 and v5
 * (in that order), arm64 runs arm64 only (32-bit arm on arm64 is not assumed), amd64 variants run lower ones.
 * {@link #rank} orders candidates so an index's best manifest can be chosen.
 */
public record PlatformMatcher(List<Platform> accepted) {
    public PlatformMatcher {
        accepted = accepted.stream().map(Platform::normalize).toList();
        if (accepted.isEmpty()) {
            throw new IllegalArgumentException("a matcher needs at least one platform");
        }
    }

    /** The given platform and the older variants its machines also run. */
    public static PlatformMatcher only(Platform platform) {
        Platform p = platform.normalize();
        List<String> variants = switch (p.architecture()) {
            case "arm" -> switch (p.variant().orElse("v7")) {
                case "v8" -> List.of("v8", "v7", "v6", "v5");
                case "v7" -> List.of("v7", "v6", "v5");
                case "v6" -> List.of("v6", "v5");
                default -> List.of(p.variant().orElse("v5"));
            };
            case "amd64" -> switch (p.variant().orElse("v1")) {
                case "v4" -> List.of("v4", "v3", "v2", "v1");
                case "v3" -> List.of("v3", "v2", "v1");
                case "v2" -> List.of("v2", "v1");
                default -> List.of("v1");
            };
            default -> List.of();
        };
        if (variants.isEmpty()) {
            return new PlatformMatcher(List.of(p));
        }
        return new PlatformMatcher(variants.stream()
                .map(v -> Platform.of(p.os(), p.architecture(), Optional.of(v))).toList());
    }

    /** The host's platform and what it can also run. */
    public static PlatformMatcher host() {
        return only(Platform.host());
    }

    public boolean matches(Platform candidate) {
        return rank(candidate).isPresent();
    }

    /** 0 for the best match, higher for worse ones; empty when the platform can't run here. */
    public OptionalInt rank(Platform candidate) {
        Platform c = candidate.normalize();
        for (int i = 0; i < accepted.size(); i++) {
            Platform a = accepted.get(i);
            if (a.os().equals(c.os()) && a.architecture().equals(c.architecture())
                    && variantOf(a).equals(variantOf(c))) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** amd64 without a variant is v1; others compare as written. */
    private static Optional<String> variantOf(Platform p) {
        return p.architecture().equals("amd64") && p.variant().isEmpty() ? Optional.of("v1") : p.variant();
    }
}
