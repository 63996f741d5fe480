package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OCI runtimes' error text, and the exit codes Docker derives from it for a container that could not start
 * (docker CLI {@code container/run.go} and moby {@code daemon/start.go}): 127 when the command was not found, 126 when
 * it could not be invoked, 125 for any other failure of the daemon or the runtime.
 */
public final class RuntimeMessages {
    public static final int EXIT_DAEMON_ERROR = 125;
    public static final int EXIT_NOT_EXECUTABLE = 126;
    public static final int EXIT_NOT_FOUND = 127;
    /** What dockerd records for a start that failed for a reason not its command's. */
    public static final int EXIT_UNKNOWN = 128;
    private static final Pattern LOGRUS_MSG = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private RuntimeMessages() {}

    /** The exit code {@code docker run} gives for a start failure with this message. */
    public static int exitCodeOf(String message) {
        if (message.contains("executable file not found") || message.contains("no such file or directory")
                || message.contains("system cannot find the file specified")) {
            return EXIT_NOT_FOUND;
        }
        if (message.contains("permission denied") || message.contains("exec format error")
                || message.contains("not a directory") || message.contains("is a directory")) {
            return EXIT_NOT_EXECUTABLE;
        }
        return EXIT_DAEMON_ERROR;
    }

    /**
     * The exit code dockerd records for a container whose start failed with this message (moby's
     * {@code translateContainerdStartErr}, then {@code exitUnknown}): 127 when the command was not found or a path
     * was not a directory, 126 when it could not be invoked, 128 for any other cause.
     */
    public static int recordedExitCode(String message) {
        String m = message.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("executable file not found") || m.contains("no such file or directory")
                || m.contains("system cannot find the file specified") || m.contains("not a directory")) {
            return EXIT_NOT_FOUND;
        }
        if (m.contains("permission denied")) {
            return EXIT_NOT_EXECUTABLE;
        }
        return EXIT_UNKNOWN;
    }

    /**
     * The error of a runtime that could not run a process, {@code prefix} (e.g. {@code OCI runtime exec failed: })
     * before its cleaned message: INVALID_ARGUMENT when the command is at fault (126, 127), else INTERNAL.
     */
    static BerthException failure(String prefix, String runtimeMessage) {
        String message = clean(runtimeMessage);
        return new BerthException(exitCodeOf(message) == EXIT_DAEMON_ERROR ? ErrorKind.INTERNAL
                : ErrorKind.INVALID_ARGUMENT, prefix + message + ": unknown");
    }

    /** Extracts the {@code msg="..."} of logrus lines (runc); other text is returned trimmed. */
    static String clean(String text) {
        Matcher m = LOGRUS_MSG.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return out.isEmpty() ? text.strip() : out.toString();
    }
}
