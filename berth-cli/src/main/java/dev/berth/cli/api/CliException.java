package dev.berth.cli.api;

/**
 * A failure the CLI reports the way the docker CLI does: the message alone on stderr, then exit with
 * {@link #exitCode()} (1 unless docker uses another code).
 */
public class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(String message) {
        this(message, 1, null);
    }

    public CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
