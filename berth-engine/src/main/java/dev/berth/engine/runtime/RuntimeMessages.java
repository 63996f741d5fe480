package dev.berth.engine.runtime;

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
