package dev.berth.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code /proc/PID/stat} tells of a process: its name ({@code comm}, which its execve changes) and its state
 * letter ({@code R}, {@code S}, {@code D}, {@code Z} for a zombie, {@code X} dead...).
 */
record ProcessStat(String command, char state) {
    /**
     * The stat of process {@code pid}; empty once it is gone: the file is missing then, or (ESRCH, "No such
     * process") the process ended between its open and its read, the only ways this read fails.
     */
    static Optional<ProcessStat> of(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return Optional.empty();
        }
        // "PID (COMM) STATE ...": the name may hold spaces and parentheses itself, the last ')' closes it
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open || close + 2 >= stat.length()) {
            return Optional.empty();
        }
        return Optional.of(new ProcessStat(stat.substring(open + 1, close), stat.charAt(close + 2)));
    }

    /** A zombie (ended, not yet reaped by its parent) or dead: ended, whatever its entry in /proc still says. */
    boolean ended() {
        return state == 'Z' || state == 'X';
    }
}
