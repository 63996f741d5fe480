package dev.berth.engine.container;

import dev.berth.engine.runtime.ContainerSpec;

/**
 * What other parts of the daemon (networks, volumes) do at a container's turning points. Hooks run in the order they
 * were added; a hook that throws stops the operation, with the hooks that already ran undone where the operation
 * says so.
 *
 * <p>Lifecycle: {@link #creating} once, before the record is stored (validate and complete {@code HostConfig},
 * create anonymous volumes); then per run {@link #beforeStart} (join a network namespace, add mounts: returns the spec
 * to run), the runtime's create, {@link #beforeRun} (wait for what {@code beforeStart} left to finish meanwhile), the
 * runtime's start, and {@link #afterStop} once that run is over — its process exited, or the start failed after
 * {@code beforeStart} — to release what {@code beforeStart} took; finally {@link #removing} before the record and the
 * container layer go. An exit that ended every process of the run (the container had a pid namespace of its own)
 * first calls {@link #afterExit}, while the runtime releases its state, then {@link #afterStop} once it has.
 */
public interface ContainerHook {
    /** Checks or completes a container about to be created; returns the container to store. */
    default Container creating(Container c) {
        return c;
    }

    /**
     * As {@link #creating(Container)}, with the whole create request at hand — what the record does not keep, such
     * as {@code NetworkingConfig}. Calls {@link #creating(Container)} unless a hook needs more.
     */
    default Container creating(Container c, com.fasterxml.jackson.databind.node.ObjectNode request) {
        return creating(c);
    }

    /** Prepares a run of {@code c}: returns {@code spec} with what the hook adds. */
    default ContainerSpec beforeStart(Container c, ContainerSpec spec) {
        return spec;
    }

    /**
     * The runtime has created the run's process, in the namespaces and mounts {@link #beforeStart} gave it, and has not
     * let it run yet: finishes what must be in place when it runs. Throwing fails the start.
     */
    default void beforeRun(Container c) {}

    /**
     * The run's processes have all ended and the runtime is releasing its state meanwhile: releases early what needs
     * neither, so that both take as long as the slower instead of their sum. {@link #afterStop} follows all the
     * same, so what is released here must be released there again harmlessly. {@code removalFollows}: the container
     * is removed next (AutoRemove), so what would only be saved for its later runs need not be. Must not throw for
     * what is gone.
     */
    default void afterExit(Container c, boolean removalFollows) {}

    /** Releases what {@link #beforeStart} took for the run that ended. Must not throw for what is already gone. */
    default void afterStop(Container c) {}

    /** The container is being removed; {@code removeVolumes} is {@code docker rm -v}. */
    default void removing(Container c, boolean removeVolumes) {}
}
