package dev.berth.engine.volume;

import dev.berth.oci.error.BerthException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code HostConfig.Binds} entry, what {@code -v} sends, parsed as moby's {@code linuxParser.ParseMountRaw}:
 * <pre>
 *   DESTINATION                        an anonymous volume
 *   SOURCE:DESTINATION[:MODE]          SOURCE absolute: a bind mount; else the name of a volume, made if missing
 *   MODE = comma-separated, at most one of each kind:
 *          rw|ro   z|Z   private|rprivate|slave|rslave|shared|rshared   nocopy   consistent|cached|delegated
 * </pre>
 *
 * @param request the equivalent {@code --mount} request
 * @param mode the mode as written, shown as the mount's {@code Mode}
 */
public record BindSpec(MountRequest request, String mode) {
    private static final Set<String> RW = Set.of("rw", "ro");
    private static final Set<String> LABEL = Set.of("z", "Z");
    private static final Set<String> COPY = Set.of("nocopy");
    private static final Set<String> CONSISTENCY = Set.of("consistent", "cached", "delegated");

    public static BindSpec parse(String raw) {
        String[] arr = raw.split(":", 4);
        if (arr[0].isEmpty()) {
            throw invalidSpec(raw);
        }
        String source = "";
        String target;
        String mode = "";
        switch (arr.length) {
            case 1 -> target = arr[0];
            case 2 -> {
                if (validMode(arr[1])) {
                    throw invalidSpec(raw);
                }
                source = arr[0];
                target = arr[1];
            }
            case 3 -> {
                source = arr[0];
                target = arr[1];
                mode = arr[2];
            }
            default -> throw invalidSpec(raw);
        }
        if (!validMode(mode)) {
            throw BerthException.invalid("invalid mode: " + mode);
        }
        boolean bind = source.startsWith("/");
        boolean readOnly = Set.of(mode.split(",")).contains("ro");
        Optional<String> propagation = java.util.Arrays.stream(mode.split(","))
                .filter(MountRequest.PROPAGATIONS::contains).findFirst();
        boolean noCopy = Set.of(mode.split(",")).contains("nocopy");
        MountRequest request = new MountRequest(bind ? "bind" : "volume", source, target, readOnly,
                propagation.map(p -> new MountRequest.Bind(p, false)),
                noCopy ? Optional.of(new MountRequest.VolumeOpts(true, Map.of(), "", Map.of())) : Optional.empty(),
                Optional.empty());
        try {
            request.validate(false);
        } catch (BerthException e) {
            throw BerthException.invalid(invalidSpec(raw).getMessage() + ": " + e.getMessage());
        }
        return new BindSpec(request, mode);
    }

    private static BerthException invalidSpec(String raw) {
        return BerthException.invalid("invalid volume specification: '" + raw + "'");
    }

    /** moby's {@code linuxValidMountMode}: known words, at most one of each kind; empty is valid. */
    static boolean validMode(String mode) {
        if (mode.isEmpty()) {
            return true;
        }
        int[] counts = new int[5];
        for (String o : mode.split(",", -1)) {
            int kind = RW.contains(o) ? 0 : LABEL.contains(o) ? 1 : MountRequest.PROPAGATIONS.contains(o) ? 2
                    : COPY.contains(o) ? 3 : CONSISTENCY.contains(o) ? 4 : -1;
            if (kind < 0 || ++counts[kind] > 1) {
                return false;
            }
        }
        return true;
    }
}
