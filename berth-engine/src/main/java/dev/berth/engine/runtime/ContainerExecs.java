package dev.berth.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs further processes in running containers (Docker's exec; OCI runtimes' {@code exec --process}), each under a
 * conmon of its own ({@link ExecLauncher}). A session's process inherits the container's: namespaces, cgroup,
 * capabilities, rlimits, environment, user and working directory, the request overriding environment variables by
 * key, the user ({@code user[:group]}, resolved in the container's root file system) and the working directory.
 */
public final class ContainerExecs {
    private final RuntimeConfig config;
    private final ExecLauncher launcher;

    public ContainerExecs(RuntimeConfig config) {
        this.config = config;
        this.launcher = new ExecLauncher(config.conmon());
    }

    /**
     * Starts {@code spec} in container {@code containerId} as session {@code execId}; CONFLICT when the container is
     * not running (Docker's words), INVALID_ARGUMENT with the runtime's message when the command cannot run.
     */
    public ExecProcess start(String containerId, String execId, ExecSpec spec) {
        ContainerDirs container = new ContainerDirs(config.stateDir(), config.socketDir(), config.logDir(), containerId);
        if (!Files.isRegularFile(container.runtimeFile())) {
            throw BerthException.notFound("No such container: " + containerId);
        }
        OciRuntime runtime = config.runtime(readRuntime(container));
        String status = runtime.state(containerId).map(OciRuntime.State::status).orElse("stopped");
        switch (status) {
            case "running" -> { }
            case "paused" -> throw new BerthException(ErrorKind.CONFLICT, "Container " + containerId
                    + " is paused, unpause the container before exec");
            default -> throw new BerthException(ErrorKind.CONFLICT, "container " + containerId + " is not running");
        }
        ExecDirs dirs = new ExecDirs(container, execId);
        try {
            Files.createDirectories(dirs.dir().getParent());
            Files.createDirectory(dirs.dir());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new BerthException(ErrorKind.ALREADY_EXISTS, "exec " + execId + " exists already");
        } catch (IOException e) {
            throw BerthException.io("create exec " + execId + " in container " + containerId, e);
        }
        try {
            Files.createDirectories(dirs.bundle());
            Files.createDirectories(dirs.exitDir());
            Files.createDirectories(dirs.persist());
            Files.write(dirs.processSpec(), Json.MAPPER.writeValueAsBytes(process(container, spec)));
            ExecLauncher.Launched launched = launcher.launch(dirs, runtime, spec.tty(), spec.stdin());
            return new ExecProcess(dirs, launched.pid(), launched.attach(), launched.exitCode());
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException r ? r
                    : BerthException.io("exec in container " + containerId, (IOException) e);
            try {
                ConmonProcess.awaitGone(dirs, java.time.Duration.ofSeconds(5));
                Files.deleteIfExists(dirs.socketLink());
                dev.berth.engine.snapshot.FileTrees.delete(dirs.dir());
            } catch (IOException | RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    /** The session's OCI process: the container's, with the request's command, terminal, user, cwd and env. */
    private static ObjectNode process(ContainerDirs container, ExecSpec spec) throws IOException {
        JsonNode bundleConfig = Json.object(Files.readAllBytes(container.bundle().resolve("config.json")),
                "config.json of container " + container.id());
        ObjectNode process = ((ObjectNode) bundleConfig.path("process")).deepCopy();
        ArrayNode args = process.putArray("args");
        spec.args().forEach(args::add);
        process.put("terminal", spec.tty());
        process.remove("consoleSize");
        spec.consoleSize().filter(s -> spec.tty()).ifPresent(s ->
                process.putObject("consoleSize").put("height", s[0]).put("width", s[1]));
        List<String> containerEnv = new ArrayList<>();
        process.path("env").forEach(e -> containerEnv.add(e.asText()));
        ArrayNode env = process.putArray("env");
        Environment.of(bundleConfig.path("hostname").asText(""), spec.tty(), containerEnv, spec.env())
                .forEach(env::add);
        spec.workingDir().filter(w -> !w.isEmpty()).ifPresent(w -> process.put("cwd", w));
        Optional<String> user = spec.user().filter(u -> !u.isEmpty());
        if (user.isPresent()) {
            // As dockerd's exec: the user it names gets the container's --group-add groups too.
            Path rootfs = Path.of(bundleConfig.path("root").path("path").asText());
            String groupAdd = bundleConfig.path("annotations").path(RuntimeSpec.GROUP_ADD).asText("");
            ContainerUser resolved = ContainerUser.resolve(rootfs, user.get())
                    .withGroups(rootfs, groupAdd.isEmpty() ? List.of() : List.of(groupAdd.split(",")));
            process.set("user", resolved.ociUser());
        }
        if (spec.privileged()) {
            ObjectNode caps = process.putObject("capabilities");
            List<String> all = Capabilities.of(true, List.of(), List.of());
            for (String kind : List.of("bounding", "effective", "permitted")) {
                ArrayNode set = caps.putArray(kind);
                all.forEach(set::add);
            }
        }
        return process;
    }

    private static String readRuntime(ContainerDirs dirs) {
        try {
            return Files.readString(dirs.runtimeFile(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw BerthException.io("read runtime of container " + dirs.id(), e);
        }
    }
}
