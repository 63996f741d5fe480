package dev.berth.engine.testing;

import dev.berth.oci.layer.FileTree;
import dev.berth.engine.Daemon;
import dev.berth.engine.config.DaemonConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A berthd started in the test JVM on its own data root and unix socket, stopped by {@link #close()}. */
public final class RunningDaemon implements AutoCloseable {
    private final Path dir;
    private final Path socket;
    private final Daemon daemon;

    private RunningDaemon(Path dir, Path socket, Daemon daemon) {
        this.dir = dir;
        this.socket = socket;
        this.daemon = daemon;
    }

    /** Starts a daemon whose data root and socket live under a new directory in /tmp (socket paths are short). */
    public static RunningDaemon start() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "berthd-test-");
        return start(dir, DaemonConfig.defaults());
    }

    public static RunningDaemon start(Path dir, DaemonConfig base) {
        Path socket = dir.resolve("berth.sock");
        DaemonConfig config = base.withDataRoot(dir.resolve("root")).withHosts(List.of("unix://" + socket));
        if (config.bridge().equals(dev.berth.engine.config.BridgeConfig.DEFAULT)) {
            config = config.withBridge(testBridge());
        }
        return new RunningDaemon(dir, socket, Daemon.start(config));
    }

    /**
     * A default bridge of the test's own — name and /24 subnet picked at random — so daemons of tests running at the
     * same time (or a berthd on the host) never share a bridge or a subnet; published ports bind loopback only.
     */
    public static dev.berth.engine.config.BridgeConfig testBridge() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        String name = "bt" + Integer.toHexString(r.nextInt(0x100000, 0xffffff));
        String bip = "10." + r.nextInt(200, 250) + "." + r.nextInt(0, 256) + ".1/24";
        return new dev.berth.engine.config.BridgeConfig(name, java.util.Optional.of(bip), "127.0.0.1");
    }

    public Path dir() {
        return dir;
    }

    public Path socket() {
        return socket;
    }

    public Path dataRoot() {
        return dir.resolve("root");
    }

    public Daemon daemon() {
        return daemon;
    }

    public DockerCli docker() {
        return new DockerCli("unix://" + socket, dir.resolve("docker-config"));
    }

    /**
     * Removes every container with its anonymous volumes, asserts that nothing the containers held is left (mounts,
     * processes, cgroups, network pieces of these and of {@code earlier}, containers the test already removed), then
     * stops the daemon and removes its directory.
     */
    public void removeContainersAndClose(List<String> earlier) throws IOException {
        DockerCli docker = docker();
        List<String> ids = new java.util.ArrayList<>(earlier);
        ids.addAll(docker.run("ps", "-aq", "--no-trunc").lines());
        if (!ids.isEmpty()) {
            List<String> rm = new java.util.ArrayList<>(List.of("rm", "-f", "-v"));
            rm.addAll(ids);
            docker.run(rm.toArray(String[]::new));
        }
        Leaks.assertNone(dataRoot(), ids);
        close();
    }

    /** Stops the daemon and removes its directory. */
    @Override
    public void close() throws IOException {
        daemon.close();
        FileTree.delete(dir);
    }
}
