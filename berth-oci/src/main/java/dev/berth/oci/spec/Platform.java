package dev.berth.oci.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The platform an image runs on (OCI image-spec image-index.md, "platform"): os, architecture and variant normalised
 * like containerd's {@code platforms.Normalize} ({@code x86_64}→{@code amd64}, {@code aarch64}→{@code arm64},
 * arm64's default variant {@code v8}); {@link #toString()} is the {@code os/arch[/variant]} form docker prints.
 */
public record Platform(String os, String architecture, Optional<String> variant, Optional<String> osVersion,
        List<String> osFeatures, List<String> features) {

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(osVersion, "osVersion");
        if (os.isEmpty() || architecture.isEmpty()) {
            throw BerthException.invalid("platform: os and architecture are required");
        }
        osFeatures = List.copyOf(osFeatures);
        features = List.copyOf(features);
    }

    public static Platform of(String os, String architecture, Optional<String> variant) {
        return new Platform(os, architecture, variant, Optional.empty(), List.of(), List.of());
    }

    /** Parses {@code os[/arch[/variant]]} or {@code arch[/variant]} (os linux), normalised; e.g. {@code linux/arm64}. */
    public static Platform parse(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length > 3 || java.util.Arrays.stream(parts).anyMatch(String::isEmpty)) {
            throw BerthException.invalid("invalid platform \"" + text + "\": expected os[/arch[/variant]]");
        }
        if (parts.length == 1) {
            return isKnownOs(parts[0])
                    ? of(parts[0], host().architecture(), host().variant()).normalize()
                    : of("linux", parts[0], Optional.empty()).normalize();
        }
        return of(parts[0], parts[1], parts.length == 3 ? Optional.of(parts[2]) : Optional.empty()).normalize();
    }

    /** The platform of this machine, normalised. */
    public static Platform host() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux") ? "linux"
                : System.getProperty("os.name").toLowerCase(Locale.ROOT).replace(" ", "");
        return of(os, System.getProperty("os.arch"), Optional.empty()).normalize();
    }

    private static boolean isKnownOs(String s) {
        return List.of("linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "solaris", "illumos", "aix")
                .contains(s);
    }

    /** containerd's normalisation of architecture and variant; arm64 gets its default variant v8. */
    public Platform normalize() {
        String arch = architecture.toLowerCase(Locale.ROOT);
        Optional<String> v = variant.map(s -> s.toLowerCase(Locale.ROOT));
        switch (arch) {
            case "i386" -> arch = "386";
            case "x86_64", "x86-64", "amd64" -> {
                arch = "amd64";
                if (v.equals(Optional.of("v1"))) {
                    v = Optional.empty();
                }
            }
            case "aarch64", "arm64" -> {
                arch = "arm64";
                if (v.isEmpty() || v.get().equals("8") || v.get().equals("v8")) {
                    v = Optional.of("v8");
                }
            }
            case "armhf" -> {
                arch = "arm";
                v = Optional.of("v7");
            }
            case "armel" -> {
                arch = "arm";
                v = Optional.of("v6");
            }
            case "arm" -> {
                if (v.isEmpty() || v.get().equals("7")) {
                    v = Optional.of("v7");
                } else if (v.get().matches("[5-8]")) {
                    v = Optional.of("v" + v.get());
                }
            }
            default -> { }
        }
        return new Platform(os.toLowerCase(Locale.ROOT), arch, v, osVersion, osFeatures, features);
    }

    /** The platform as written in an OCI image index: architecture, os, os.version, os.features, variant. */
    public ObjectNode toJson() {
        ObjectNode node = Json.NODES.objectNode();
        node.put("architecture", architecture);
        node.put("os", os);
        osVersion.ifPresent(s -> node.put("os.version", s));
        Json.putStrings(node, "os.features", osFeatures);
        variant.ifPresent(s -> node.put("variant", s));
        Json.putStrings(node, "features", features);
        return node;
    }

    /** Reads a platform object as it stands in a descriptor; not normalised, so the wire form is kept. */
    public static Platform fromJson(JsonNode node) {
        String what = "platform";
        if (!node.isObject()) {
            throw BerthException.invalid("platform must be an object");
        }
        return new Platform(Json.requiredText(node, "os", what), Json.requiredText(node, "architecture", what),
                Json.text(node, "variant", what), Json.text(node, "os.version", what),
                Json.strings(node, "os.features", what).orElse(List.of()),
                Json.strings(node, "features", what).orElse(List.of()));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
    }
}
