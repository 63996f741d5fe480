package dev.berth.engine.runtime;

import dev.berth.engine.snapshot.ContainerIds;
import dev.berth.oci.digest.Digest;
import java.nio.file.Path;

/**
 * Where a container's runtime state lives, so that a restarted daemon finds everything again:
 * <pre>
 * STATE/ID/
 *   runtime          the name of the OCI runtime that created it (written last: marks a complete create)
 *   bundle/          config.json, hosts, hostname, resolv.conf; conmon adds attach (socket), ctl and winsz (fifos)
 *   container.pid    the container's init process, as seen from the host
 *   conmon.pid       its conmon
 *   exit/ID          the exit code, written by conmon when the container exits
 *   persist/oom      present when the kernel's OOM killer ended it
 *   conmon.err       conmon's own diagnostics
 * SOCKETS/UUID -&gt;   a symlink to bundle/ made by conmon, keeping the attach socket path under 108 bytes
 * LOGS/ID/           (STATE/ID/ itself unless the log is kept apart, on disk while the state is on a tmpfs)
 *   container.log    the k8s-file log: TIMESTAMP STREAM F|P TEXT per line
 *   container.log.N  its generations kept with max-file above 1, and their spare ({@link LogFiles})
 *   log.max-file     how many of them are kept (max-file above 1 only)
 * </pre>
 */
record ContainerDirs(Path state, Path sockets, Path logs, String id) implements ConmonDirs {
    ContainerDirs {
        ContainerIds.check(id);
    }

    @Override
    public Path dir() {
        return state.resolve(id);
    }

    @Override
    public String containerId() {
        return id;
    }

    @Override
    public String subject() {
        return "container " + id;
    }

    Path runtimeFile() {
        return dir().resolve("runtime");
    }

    /** The directory of the log: the state's, or one apart from it ({@link RuntimeConfig#logDir}). */
    Path logDir() {
        return logs.resolve(id);
    }

    @Override
    public Path log() {
        return logDir().resolve("container.log");
    }

    /** How many files of the log are kept, for the rotation to go on under the next daemon. */
    Path logMaxFile() {
        return logDir().resolve("log.max-file");
    }

    @Override
    public Path processPid() {
        return dir().resolve("container.pid");
    }

    /** conmon's name for the container's socket directory: short and fixed by the id. */
    @Override
    public String uuid() {
        return Digest.sha256(id).encoded().substring(0, 16);
    }
}
