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
 *   sync, start, attach   fifos standing in for conmon's _OCI_SYNCPIPE, _OCI_STARTPIPE, _OCI_ATTACHPIPE
 * SOCKETS/UUID -&gt;  conmon's link to bundle/, keeping the attach socket path short
 * </pre>
 */
record ExecDirs(ContainerDirs container, String execId) {
    ExecDirs {
        ContainerIds.check(execId);
    }

    Path dir() {
        return container.dir().resolve("exec").resolve(execId);
    }

    Path processSpec() {
        return dir().resolve("process.json");
    }

    Path bundle() {
        return dir().resolve("bundle");
    }

    Path pid() {
        return dir().resolve("exec.pid");
    }

    Path conmonPid() {
        return dir().resolve("conmon.pid");
    }

    Path exitDir() {
        return dir().resolve("exit");
    }

    Path exitFile() {
        return exitDir().resolve(container.id());
    }

    /** conmon writes the code to {@code persist/exit} as well. */
    Path persist() {
        return dir().resolve("persist");
    }

    Path log() {
        return dir().resolve("exec.log");
    }

    Path conmonErr() {
        return dir().resolve("conmon.err");
    }

    Path fifo(String name) {
        return dir().resolve(name + ".fifo");
    }

    /** Distinct from every container's: the exec id is hashed with a prefix of its own. */
    String uuid() {
        return Digest.sha256("exec/" + execId).encoded().substring(0, 16);
    }

    Path socketLink() {
        return container.sockets().resolve(uuid());
    }

    Path attachSocket() {
        return socketLink().resolve("attach");
    }

    Path ctlFifo() {
        return bundle().resolve("ctl");
    }
}
