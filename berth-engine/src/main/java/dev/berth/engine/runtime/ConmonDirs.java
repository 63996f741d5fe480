package dev.berth.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files and names one conmon is given on its command line and writes — a container's ({@link ContainerDirs})
 * or an exec session's in a container ({@link ExecDirs}) — so that launching, finding and reaping a conmon is one
 * piece of code for both.
 */
sealed interface ConmonDirs permits ContainerDirs, ExecDirs {
    /** The container conmon supervises or execs in ({@code -c}, {@code -n}). */
    String containerId();

    /** Names the supervised thing in messages: {@code container ID} or {@code exec ID}. */
    String subject();

    /** conmon's {@code -u}: the name of its socket directory link under {@link #sockets()}. */
    String uuid();

    /** The directory all of it lives in (but the socket links). */
    Path dir();

    /** The supervised process's pid as the host sees it ({@code -p}). */
    Path processPid();

    /** The k8s-file log ({@code -l}). */
    Path log();

    /** The directory of short socket links ({@code --socket-dir-path}). */
    Path sockets();

    /** config.json (a container's), conmon's attach socket, its ctl and winsz fifos. */
    default Path bundle() {
        return dir().resolve("bundle");
    }

    /** conmon's own pid ({@code -P}). */
    default Path conmonPid() {
        return dir().resolve("conmon.pid");
    }

    /** Where conmon writes the exit code, in a file named by the container id. */
    default Path exitDir() {
        return dir().resolve("exit");
    }

    /** The exit code conmon recorded. */
    default Path exitFile() {
        return exitDir().resolve(containerId());
    }

    /** conmon writes the exit code to {@code persist/exit} as well, and {@code persist/oom} on an OOM kill. */
    default Path persist() {
        return dir().resolve("persist");
    }

    /** conmon's stdout and stderr: its diagnostics. */
    default Path conmonErr() {
        return dir().resolve("conmon.err");
    }

    default Path socketLink() {
        return sockets().resolve(uuid());
    }

    default Path attachSocket() {
        return socketLink().resolve("attach");
    }

    default Path ctlFifo() {
        return bundle().resolve("ctl");
    }

    /** What conmon said on its stderr, for an error message; empty if nothing. */
    default String conmonErrors() {
        try {
            return Files.exists(conmonErr()) ? Files.readString(conmonErr()).strip() : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
