package dev.berth.engine.ops;

import dev.berth.engine.container.Container;
import dev.berth.engine.container.ContainerHook;
import dev.berth.engine.runtime.CommandLine;
import dev.berth.engine.runtime.ContainerSpec;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --init} ({@code HostConfig.Init}): Debian's static tini is bound read-only into the container at
 * {@code /sbin/docker-init}, as dockerd does, and runs as pid 1 with the container's command after {@code --}, so
 * zombies are reaped and signals forwarded.
 */
public final class InitProcess implements ContainerHook {
    /** Where the container sees it, as with docker. */
    public static final String TARGET = "/sbin/docker-init";
    /** The Debian package {@code tini}'s static build (scripts/deps.sh). */
    public static final Path TINI = Path.of("/usr/bin/tini-static");

    private final Path binary;

    public InitProcess(Path binary) {
        this.binary = binary;
    }

    @Override
    public ContainerSpec beforeStart(Container c, ContainerSpec spec) {
        if (!c.hostConfig().path("Init").asBoolean(false)) {
            return spec;
        }
        if (!Files.isExecutable(binary)) {
            throw new BerthException(ErrorKind.UNAVAILABLE, "--init: " + binary
                    + " is not installed (Debian package tini)");
        }
        List<String> args = CommandLine.combine(spec.image().entrypoint(), spec.image().cmd(), spec.entrypoint(),
                spec.cmd()).args();
        List<String> withInit = new ArrayList<>(List.of(TARGET, "--"));
        withInit.addAll(args);
        return spec.withEntrypoint(withInit).withCmd(List.of())
                .withMount(new dev.berth.engine.runtime.Mount(TARGET, "bind", binary.toString(), List.of("rbind", "ro")));
    }
}
