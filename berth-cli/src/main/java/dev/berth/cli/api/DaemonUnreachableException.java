package dev.berth.cli.api;

/** No daemon listens at the host: docker's wording, naming the address as given. */
public final class DaemonUnreachableException extends CliException {
    public DaemonUnreachableException(DaemonHost host, Throwable cause) {
        super("Cannot connect to the Docker daemon at " + host.uri() + ". Is the docker daemon running?", 1, cause);
    }
}
