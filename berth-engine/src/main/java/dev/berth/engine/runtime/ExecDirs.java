package dev.berth.engine.runtime;

import dev.berth.engine.snapshot.ContainerIds;
import dev.berth.oci.digest.Digest;
import java.nio.file.Path;

/**
 * Where an exec session's state lives, inside its container's state directory (so removing the container removes
 * it too):
 * <pre>
 * STATE/CONTAINER/exec/EXEC/
 *   process.json   the OCI process spec handed to {@code runtime exec --process}
 *   bundle/        conmon's attach socket, ctl and winsz fifos for this session
 *   exec.pid       the process as seen from the host; conmon.pid its conmon
 *   exit/CONTAINER the exit code, written by conmon when the process exits (and persist/exit)
 *   start.fifo     conmon's _OCI_STARTPIPE (its _OCI_SYNCPIPE and _OCI_ATTACHPIPE are pipes)
 * SOCKETS/UUID -&gt;  conmon's link to bundle/, keeping the attach socket path short
 * </pre>
 */
record ExecDirs(ContainerDirs container, String execId) implements ConmonDirs {
    ExecDirs {
        ContainerIds.check(execId);
    }

    @Override
    public Path dir() {
        return container.dir().resolve("exec").resolve(execId);
    }

    @Override
    public String containerId() {
        return container.id();
    }

    @Override
    public String subject() {
        return "exec " + execId;
    }

    @Override
    public Path sockets() {
        return container.sockets();
    }

    Path processSpec() {
        return dir().resolve("process.json");
    }

    @Override
    public Path processPid() {
        return dir().resolve("exec.pid");
    }

    @Override
    public Path log() {
        return dir().resolve("exec.log");
    }

    Path fifo(String name) {
        return dir().resolve(name + ".fifo");
    }

    /** Distinct from every container's: the exec id is hashed with a prefix of its own. */
    @Override
    public String uuid() {
        return Digest.sha256("exec/" + execId).encoded().substring(0, 16);
    }
}
