package dev.berth.engine.volume;

import dev.berth.oci.error.BerthException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of {@code HostConfig.Mounts} ({@code mount.Mount}, what {@code --mount} sends), validated as moby's
 * {@code linuxParser.validateMountConfigImpl}: errors read {@code invalid mount config for type "bind": …}.
 */
public record MountRequest(String type, String source, String target, boolean readOnly, Optional<Bind> bind,
        Optional<VolumeOpts> volume, Optional<Tmpfs> tmpfs) {
    /** {@code BindOptions}. */
    public record Bind(String propagation, boolean createMountpoint) {}

    /** {@code VolumeOptions}: {@code DriverConfig} as driver name and options. */
    public record VolumeOpts(boolean noCopy, Map<String, String> labels, String driver, Map<String, String> options) {
        public VolumeOpts {
            labels = Map.copyOf(labels);
            options = Map.copyOf(options);
        }
    }

    /** {@code TmpfsOptions}: size in bytes (0: the kernel's default), mode (0: 1777), extra options. */
    public record Tmpfs(long sizeBytes, int mode, List<List<String>> options) {
        public Tmpfs {
            options = options.stream().map(List::copyOf).toList();
        }
    }

    static final Set<String> PROPAGATIONS = Set.of("private", "rprivate", "slave", "rslave", "shared", "rshared");

    public MountRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(tmpfs, "tmpfs");
    }

    private BerthException invalid(String why) {
        return BerthException.invalid("invalid mount config for type \"" + type + "\": " + why);
    }

    /**
     * Checks the request; {@code bindSourceMustExist} is false for {@code -v} (dockerd creates a missing bind source
     * there) and true for {@code --mount}.
     */
    void validate(boolean bindSourceMustExist) {
        if (target.isEmpty()) {
            throw invalid("field Target must not be empty");
        }
        checkDestination(target).ifPresent(why -> {
            throw invalid(why);
        });
        switch (type) {
            case "bind" -> {
                if (source.isEmpty()) {
                    throw invalid("field Source must not be empty");
                }
                bind.map(Bind::propagation).filter(p -> !p.isEmpty() && !PROPAGATIONS.contains(p)).ifPresent(p -> {
                    throw invalid("invalid propagation mode: " + p);
                });
                if (volume.isPresent()) {
                    throw invalid("field VolumeOptions must not be specified");
                }
                if (!source.startsWith("/")) {
                    throw invalid("invalid mount path: '" + source + "' mount path must be absolute");
                }
                boolean create = bind.map(Bind::createMountpoint).orElse(false);
                if (bindSourceMustExist && !create && !java.nio.file.Files.exists(Path.of(source))) {
                    throw invalid("bind source path does not exist: " + source);
                }
            }
            case "volume" -> {
                if (bind.isPresent()) {
                    throw invalid("field BindOptions must not be specified");
                }
                if (readOnly && source.isEmpty()) {
                    throw invalid("must not set ReadOnly mode when using anonymous volumes");
                }
            }
            case "tmpfs" -> {
                if (bind.isPresent()) {
                    throw invalid("field BindOptions must not be specified");
                }
                if (!source.isEmpty()) {
                    throw invalid("field Source must not be specified");
                }
                tmpfsData();
            }
            default -> throw invalid("mount type unknown");
        }
    }

    /** Why {@code destination} cannot be a mount's destination, in docker's words, if it cannot. */
    static Optional<String> checkDestination(String destination) {
        if (Path.of(destination).normalize().toString().equals("/")) {
            return Optional.of("invalid specification: destination can't be '/'");
        }
        if (!destination.startsWith("/")) {
            return Optional.of("invalid mount path: '" + destination + "' mount path must be absolute");
        }
        return Optional.empty();
    }

    /** The tmpfs mount data, as moby's {@code ConvertTmpfsOptions}: {@code ro}, {@code mode=}, {@code size=}. */
    String tmpfsData() {
        List<String> out = new java.util.ArrayList<>();
        if (readOnly) {
            out.add("ro");
        }
        Tmpfs t = tmpfs.orElse(new Tmpfs(0, 0, List.of()));
        if (t.mode() != 0) {
            out.add("mode=" + Integer.toOctalString(t.mode()));
        }
        if (t.sizeBytes() < 0) {
            throw invalid("invalid tmpfs size " + t.sizeBytes());
        }
        if (t.sizeBytes() != 0) {
            out.add("size=" + sizeWithSuffix(t.sizeBytes()));
        }
        for (List<String> o : t.options()) {
            if (o.isEmpty() || o.size() > 2) {
                throw invalid("invalid option array length");
            }
            if (!o.getFirst().equals("exec") && !o.getFirst().equals("noexec")) {
                throw invalid("invalid option: " + o.getFirst());
            }
            out.add(String.join("=", o));
        }
        return String.join(",", out);
    }

    private static String sizeWithSuffix(long size) {
        for (var unit : List.of(Map.entry("g", 1L << 30), Map.entry("m", 1L << 20), Map.entry("k", 1L << 10))) {
            if (size % unit.getValue() == 0) {
                return size / unit.getValue() + unit.getKey();
            }
        }
        return Long.toString(size);
    }
}
