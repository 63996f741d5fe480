package dev.berth.engine.volume;

import java.util.Objects;

/**
 * One mount of a container as docker records it ({@code container.MountPoint}) and shows it under {@code Mounts} of
 * {@code GET /containers/{id}/json}: a bind mount of a host path, a volume, or a tmpfs from {@code --mount}.
 * The container store keeps these with the container; {@link ContainerVolumes} turns them into runtime mounts.
 *
 * @param name the volume's name (volumes only, else empty)
 * @param source the host path: the bind source or the volume's {@code _data} (empty for tmpfs)
 * @param mode what {@code -v} said after the destination ({@code ro}, {@code z}, …); {@code z} for local volumes
 * @param propagation {@code rprivate} and friends (binds only, else empty)
 * @param copyData whether an empty volume gets the image's files at the destination first
 * @param named whether the user named the volume ({@code -v NAME:/dst}): {@code rm -v} keeps those
 * @param tmpfsOptions the tmpfs mount data ({@code size=64m,mode=1777}), tmpfs only
 */
public record MountPoint(Type type, String name, String source, String destination, String driver, String mode,
        boolean rw, String propagation, boolean copyData, boolean named, String tmpfsOptions) {
    public enum Type {
        BIND, VOLUME, TMPFS;

        /** The Engine API's word: {@code bind}, {@code volume}, {@code tmpfs}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public MountPoint {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(propagation, "propagation");
        Objects.requireNonNull(tmpfsOptions, "tmpfsOptions");
    }

    static MountPoint bind(String source, String destination, String mode, boolean rw, String propagation) {
        return new MountPoint(Type.BIND, "", source, destination, "", mode, rw, propagation, false, false, "");
    }

    static MountPoint volume(Volume v, String destination, String mode, boolean rw, boolean copyData,
            boolean named) {
        return new MountPoint(Type.VOLUME, v.name(), v.mountpoint().toString(), destination, v.driver(), mode, rw,
                "", copyData, named, "");
    }

    static MountPoint tmpfs(String destination, boolean rw, String options) {
        return new MountPoint(Type.TMPFS, "", "", destination, "", "", rw, "", false, false, options);
    }

    /** The same mount, as {@code --volumes-from} takes it over with mode {@code ro} or {@code rw}. */
    MountPoint withRw(boolean writable, String newMode) {
        return new MountPoint(type, name, source, destination, driver, newMode, writable, propagation, false, named,
                tmpfsOptions);
    }
}
