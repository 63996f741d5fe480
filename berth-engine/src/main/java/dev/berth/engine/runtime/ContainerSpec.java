package dev.berth.engine.runtime;

import dev.berth.engine.snapshot.ContainerIds;
import dev.berth.oci.spec.ContainerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import dev.berth.oci.error.BerthException;

/**
 * What a container runs and how, as the daemon knows it from the image config and the create request: the request's
 * Entrypoint, Cmd, Env, User and WorkingDir override the image's (see {@link CommandLine} for Entrypoint/Cmd).
 *
 * @param rootfs the mounted root file system (a {@code ContainerLayer}'s rootfs)
 * @param networkNamespace a network namespace to join (bind-mounted under {@code /run/netns}); empty: a new one with
 *     only loopback, as {@code --network none}
 * @param mounts volumes, bind mounts and tmpfs mounts, in the order given
 * @param consoleSize the terminal's initial height and width, when {@code tty} ({@code HostConfig.ConsoleSize})
 * @param namespaces the namespaces it shares, its /dev/shm and its sysctls
 * @param annotations the OCI config's annotations ({@code --annotation}), for the runtime and its hooks
 * @param cgroupParent the cgroup its own is made in ({@code --cgroup-parent}), else the daemon's: see
 *     {@link ContainerRuntime#cgroupsPath}
 */
public record ContainerSpec(String id, Path rootfs, ContainerConfig image, Optional<List<String>> entrypoint,
        Optional<List<String>> cmd, List<String> env, Optional<String> user, Optional<String> workingDir,
        String hostname, boolean tty, boolean openStdin, Resources resources, Security security,
        Optional<Path> networkNamespace, List<Mount> mounts, Optional<int[]> consoleSize, Namespaces namespaces,
        Map<String, String> annotations, Optional<String> cgroupParent) {
    public ContainerSpec {
        ContainerIds.check(id);
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(image, "image");
        env = List.copyOf(env);
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(hostname, "hostname");
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(consoleSize, "consoleSize");
        Objects.requireNonNull(namespaces, "namespaces");
        annotations = Map.copyOf(annotations);
        Objects.requireNonNull(cgroupParent, "cgroupParent");
    }

    /**
     * {@code --privileged}, {@code --cap-add}, {@code --cap-drop}, {@code --read-only},
     * {@code --security-opt no-new-privileges}, {@code --group-add} (group names or ids),
     * {@code --security-opt systempaths=unconfined} (masked and read-only paths: empty for docker's defaults),
     * {@code --device} (with {@code --privileged}: the host's too), {@code --device-cgroup-rule}
     * ({@code TYPE MAJOR:MINOR ACCESS}) and {@code --security-opt seccomp=…} (unused when privileged).
     */
    public record Security(boolean privileged, List<String> capAdd, List<String> capDrop, boolean readOnlyRootfs,
            boolean noNewPrivileges, List<String> groupAdd, Optional<List<String>> maskedPaths,
            Optional<List<String>> readonlyPaths, List<Device> devices, List<String> deviceCgroupRules,
            Seccomp seccomp) {
        public static final Security DEFAULT = new Security(false, List.of(), List.of(), false);

        public Security {
            capAdd = List.copyOf(capAdd);
            capDrop = List.copyOf(capDrop);
            groupAdd = List.copyOf(groupAdd);
            maskedPaths = maskedPaths.map(List::copyOf);
            readonlyPaths = readonlyPaths.map(List::copyOf);
            devices = List.copyOf(devices);
            deviceCgroupRules = List.copyOf(deviceCgroupRules);
            deviceCgroupRules.forEach(DeviceRules::check);
            Objects.requireNonNull(seccomp, "seccomp");
        }

        public Security(boolean privileged, List<String> capAdd, List<String> capDrop, boolean readOnlyRootfs) {
            this(privileged, capAdd, capDrop, readOnlyRootfs, false, List.of(), Optional.empty(), Optional.empty(),
                    List.of(), List.of(), Seccomp.BUILTIN);
        }

        public Security withDevices(List<Device> d) {
            return new Security(privileged, capAdd, capDrop, readOnlyRootfs, noNewPrivileges, groupAdd, maskedPaths,
                    readonlyPaths, d, deviceCgroupRules, seccomp);
        }
    }

    /** The image's settings only, hostname the id's first 12 characters as Docker's. */
    public static ContainerSpec of(String id, Path rootfs, ContainerConfig image) {
        return new ContainerSpec(id, rootfs, image, Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), id.substring(0, Math.min(12, id.length())), false, false, Resources.NONE,
                Security.DEFAULT, Optional.empty(), List.of(), Optional.empty(), Namespaces.DEFAULT, Map.of(),
                Optional.empty());
    }

    public ContainerSpec withCmd(List<String> c) {
        return new ContainerSpec(id, rootfs, image, entrypoint, Optional.of(c), env, user, workingDir, hostname, tty,
                openStdin, resources, security, networkNamespace, mounts, consoleSize, namespaces, annotations, cgroupParent);
    }

    public ContainerSpec withEntrypoint(List<String> e) {
        return new ContainerSpec(id, rootfs, image, Optional.of(e), cmd, env, user, workingDir, hostname, tty,
                openStdin, resources, security, networkNamespace, mounts, consoleSize, namespaces, annotations, cgroupParent);
    }

    public ContainerSpec withEnv(List<String> e) {
        return new ContainerSpec(id, rootfs, image, entrypoint, cmd, e, user, workingDir, hostname, tty, openStdin,
                resources, security, networkNamespace, mounts, consoleSize, namespaces, annotations, cgroupParent);
    }

    public ContainerSpec withUser(String u) {
        return new ContainerSpec(id, rootfs, image, entrypoint, cmd, env, Optional.of(u), workingDir, hostname, tty,
                openStdin, resources, security, networkNamespace, mounts, consoleSize, namespaces, annotations, cgroupParent);
    }

    public ContainerSpec withWorkingDir(String w) {
        return new ContainerSpec(id, rootfs, image, entrypoint, cmd, env, user, Optional.of(w), hostname, tty,
                openStdin, resources, security, networkNamespace, mounts, consoleSize, namespaces, annotations, cgroupParent);
    }

    public ContainerSpec withHostname(String h) {
        return new ContainerSpec(id, rootfs, image, entrypoint, cmd, env, user, workingDir, h, tty, openStdin,
                resources, security, networkNamespace, mounts, consoleSize, namespaces, annotations, cgroupParent);
    }

    public ContainerSpec withTty(boolean t) {
        return new ContainerSpec(id, rootfs, image, entrypoint, cmd, env, user, workingDir, hostname, t, openStdin,
                resources, security, networkNamespace, mounts, consoleSize, namespaces, annotations, cgroupParent);
    }

    public ContainerSpec withOpenStdin(boolean i) {
        return new ContainerSpec(id, rootfs, image, entrypoint, cmd, env, user, workingDir, hostname, tty, i,
                resources, security, networkNamespace, mounts, consoleSize, namespaces, annotations, cgroupParent);
    }

    public ContainerSpec withResources(Resources r) {
        return new ContainerSpec(id, rootfs, image, entrypoint, cmd, env, user, workingDir, hostname, tty, openStdin,
                r, security, networkNamespace, mounts, consoleSize, namespaces, annotations, cgroupParent);
    }

    public ContainerSpec withSecurity(Security s) {
        return new ContainerSpec(id, rootfs, image, entrypoint, cmd, env, user, workingDir, hostname, tty, openStdin,
                resources, s, networkNamespace, mounts, consoleSize, namespaces, annotations, cgroupParent);
    }

    public ContainerSpec withNetworkNamespace(Path ns) {
        return new ContainerSpec(id, rootfs, image, entrypoint, cmd, env, user, workingDir, hostname, tty, openStdin,
                resources, security, Optional.of(ns), mounts, consoleSize, namespaces, annotations, cgroupParent);
    }

    public ContainerSpec withMounts(List<Mount> m) {
        return new ContainerSpec(id, rootfs, image, entrypoint, cmd, env, user, workingDir, hostname, tty, openStdin,
                resources, security, networkNamespace, m, consoleSize, namespaces, annotations, cgroupParent);
    }

    public ContainerSpec withConsoleSize(int height, int width) {
        return new ContainerSpec(id, rootfs, image, entrypoint, cmd, env, user, workingDir, hostname, tty, openStdin,
                resources, security, networkNamespace, mounts, Optional.of(new int[] {height, width}), namespaces, annotations, cgroupParent);
    }

    public ContainerSpec withNamespaces(Namespaces n) {
        return new ContainerSpec(id, rootfs, image, entrypoint, cmd, env, user, workingDir, hostname, tty, openStdin,
                resources, security, networkNamespace, mounts, consoleSize, n, annotations, cgroupParent);
    }

    public ContainerSpec withAnnotations(Map<String, String> a) {
        return new ContainerSpec(id, rootfs, image, entrypoint, cmd, env, user, workingDir, hostname, tty, openStdin,
                resources, security, networkNamespace, mounts, consoleSize, namespaces, a, cgroupParent);
    }

    public ContainerSpec withCgroupParent(String parent) {
        return new ContainerSpec(id, rootfs, image, entrypoint, cmd, env, user, workingDir, hostname, tty, openStdin,
                resources, security, networkNamespace, mounts, consoleSize, namespaces, annotations,
                Optional.of(parent));
    }

    public ContainerSpec withMount(Mount m) {
        List<Mount> all = new java.util.ArrayList<>(mounts);
        all.add(m);
        return new ContainerSpec(id, rootfs, image, entrypoint, cmd, env, user, workingDir, hostname, tty, openStdin,
                resources, security, networkNamespace, all, consoleSize, namespaces, annotations, cgroupParent);
    }
}
