package dev.berth.cli.api;

/**
 * The daemon answered with an error status: printed as docker does, {@code Error response from daemon: MESSAGE},
 * where MESSAGE is the {@code message} of the daemon's JSON error body.
 */
public final class DaemonException extends CliException {
    private final int status;
    private final String daemonMessage;

    public DaemonException(int status, String daemonMessage) {
        super("Error response from daemon: " + daemonMessage);
        this.status = status;
        this.daemonMessage = daemonMessage;
    }

    /** The HTTP status, e.g. 404 for an unknown image. */
    public int status() {
        return status;
    }

    /** The daemon's message without docker's prefix. */
    public String daemonMessage() {
        return daemonMessage;
    }
}
