package dev.berth.engine.aot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.Daemon;
import dev.berth.engine.config.BridgeConfig;
import dev.berth.engine.config.DaemonConfig;
import dev.berth.oci.layer.FileTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The training run for berthd's JDK AOT cache (bin/berthd): the cache holds the classes a recorded run loaded and
 * linked, and the profiles of the methods it ran, so a daemon started from it answers its first requests without
 * loading, linking and interpreting them first. The run starts a daemon of its own (a temporary data root and
 * socket, a bridge name of its own, containers on {@code --network none}) and calls what the docker and berth CLIs
 * call: ping, version, info, a pull from a loopback registry, {@code run --rm} (create, attach, wait, start) three
 * times, a detached container's start, wait, inspect, logs, list and removal, a kill, errors, image removal, then
 * cold pulls again (pull, removal) so that unpacking a layer's entries runs hot.
 *
 * <pre>java -XX:AOTCacheOutput=berthd.aot -cp … dev.berth.engine.aot.AotTraining</pre>
 *
 * <p>The registry, and the building of the image it serves, run in a JVM of their own ({@link TrainingRegistry}):
 * the cache holds what this JVM loaded, and a daemon serves no registry (it builds layers from a tree only for
 * commit and build, which the run does not train).
 *
 * <p>The container runs {@code /bin/busybox} copied from the host (Debian's busybox-static); without it the
 * containers fail to start and the run trains the error paths instead. Exits 1 when the daemon cannot start.
 */
public final class AotTraining {
    private AotTraining() {}

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Cold pulls after the first (pull, then removal of the image and its layer): the per-entry code runs hot. */
    private static final int REPULLS = 12;

    public static void main(String[] args) throws IOException {
        List<String> unexpected;
        try {
            unexpected = train();
        } catch (RuntimeException e) {
            System.err.println("berthd AOT training: " + e.getMessage());
            System.exit(1);
            return;
        }
        unexpected.forEach(u -> System.err.println("berthd AOT training: unexpected answer: " + u));
        System.exit(0);
    }

    /** Runs the calls; those answered with another status than docker's success (or expected error) status. */
    static List<String> train() throws IOException {
        return train(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** As {@link #train()}, with the run's files (and mounts) in a new directory under {@code parent}. */
    static List<String> train(Path parent) throws IOException {
        Path dir = Files.createTempDirectory(parent, "berthd-aot");
        try (TrainingRegistry.Running registry = TrainingRegistry.start(dir)) {
            Path socket = dir.resolve("berthd.sock");
            Daemon daemon = Daemon.start(DaemonConfig.defaults().withDataRoot(dir.resolve("root"))
                    .withHosts(List.of("unix://" + socket)).withInsecureRegistries(List.of(registry.host()))
                    .withBridge(bridge()));
            try {
                return new Calls(new TrainingClient(socket), registry.host() + "/" + TrainingRegistry.REPOSITORY).run();
            } finally {
                daemon.close();
            }
        } finally {
            FileTree.delete(dir);
        }
    }

    /** Never the host's berth0: a name and subnet of the run's own, as the engine's tests pick them. */
    private static BridgeConfig bridge() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new BridgeConfig("bt" + Integer.toHexString(r.nextInt(0x100000, 0xffffff)),
                Optional.of("10." + r.nextInt(200, 250) + "." + r.nextInt(0, 256) + ".1/24"), "127.0.0.1");
    }

    /** The calls, in the order a CLI user would make them. */
    private record Calls(TrainingClient client, String repository) {
        List<String> run() throws IOException {
            List<String> unexpected = new ArrayList<>();
            String image = repository + ":latest";
            expect(unexpected, 200, "GET", "/_ping", "");
            expect(unexpected, 200, "HEAD", "/_ping", "");
            expect(unexpected, 200, "GET", "/version", "");
            expect(unexpected, 200, "GET", "/info", "");
            expect(unexpected, 200, "POST", "/images/create?fromImage=" + repository + "&tag=latest", "");
            expect(unexpected, 200, "GET", "/images/" + image + "/json", "");
            expect(unexpected, 200, "GET", "/images/json", "");
            for (int i = 0; i < 3; i++) {
                runRemoved(unexpected, image);
            }
            String id = create(unexpected, image, "[\"/bin/busybox\",\"echo\",\"detached\"]", false);
            expect(unexpected, 204, "POST", "/containers/" + id + "/start", "");
            expect(unexpected, 200, "POST", "/containers/" + id + "/wait?condition=not-running", "");
            expect(unexpected, 200, "GET", "/containers/" + id + "/json", "");
            expect(unexpected, 200, "GET", "/containers/" + id + "/logs?stdout=1&stderr=1&timestamps=1", "");
            expect(unexpected, 200, "GET", "/containers/json?all=1", "");
            expect(unexpected, 204, "DELETE", "/containers/" + id + "?v=1", "");
            String sleeper = create(unexpected, image, "[\"/bin/busybox\",\"sleep\",\"60\"]", false);
            expect(unexpected, 204, "POST", "/containers/" + sleeper + "/start", "");
            expect(unexpected, 200, "GET", "/containers/json", "");
            expect(unexpected, 204, "POST", "/containers/" + sleeper + "/kill", "");
            expect(unexpected, 200, "POST", "/containers/" + sleeper + "/wait", "");
            expect(unexpected, 204, "DELETE", "/containers/" + sleeper + "?force=1", "");
            expect(unexpected, 404, "GET", "/containers/missing/json", "");
            expect(unexpected, 404, "POST", "/containers/create", "{\"Image\":\"missing:latest\"}");
            expect(unexpected, 200, "DELETE", "/images/" + image + "?force=1", "");
            for (int i = 0; i < REPULLS; i++) {
                expect(unexpected, 200, "POST", "/images/create?fromImage=" + repository + "&tag=latest", "");
                expect(unexpected, 200, "DELETE", "/images/" + image + "?force=1", "");
            }
            return unexpected;
        }

        /** {@code run --rm IMAGE}: create, attach and wait before start, then the output and the exit status. */
        private void runRemoved(List<String> unexpected, String image) throws IOException {
            String id = create(unexpected, image, "[\"/bin/busybox\",\"echo\",\"trained\"]", true);
            try (TrainingClient.Pending attach = client.open("POST",
                    "/containers/" + id + "/attach?stream=1&stdout=1&stderr=1", "",
                    "Connection: Upgrade\r\nUpgrade: tcp\r\n");
                    TrainingClient.Pending wait = client.open("POST",
                            "/containers/" + id + "/wait?condition=removed", "", "Connection: close\r\n")) {
                check(unexpected, 101, attach.status(), "attach");
                check(unexpected, 200, wait.status(), "wait");
                expect(unexpected, 204, "POST", "/containers/" + id + "/start", "");
                attach.answer();
                wait.answer();
            }
        }

        private String create(List<String> unexpected, String image, String cmd, boolean autoRemove)
                throws IOException {
            TrainingClient.Answer a = client.call("POST", "/containers/create",
                    "{\"Image\":\"" + image + "\",\"Cmd\":" + cmd + ",\"AttachStdout\":true,\"AttachStderr\":true,"
                            + "\"Env\":[\"TRAINED=1\"],\"HostConfig\":{\"NetworkMode\":\"none\",\"AutoRemove\":"
                            + autoRemove + "}}");
            check(unexpected, 201, a.status(), "create " + cmd);
            return a.status() == 201 ? JSON.readTree(a.body()).path("Id").asText("missing") : "missing";
        }

        private void expect(List<String> unexpected, int status, String method, String path, String json)
                throws IOException {
            check(unexpected, status, client.call(method, path, json).status(), method + " " + path);
        }

        private static void check(List<String> unexpected, int expected, int status, String what) {
            if (status != expected) {
                unexpected.add(what + ": " + status + " (expected " + expected + ")");
            }
        }
    }
}
