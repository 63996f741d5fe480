/**
 * Running containers: {@link dev.berth.engine.runtime.RuntimeSpec} turns a
 * {@link dev.berth.engine.runtime.ContainerSpec} into an OCI runtime {@code config.json} with Docker's defaults;
 * {@link dev.berth.engine.runtime.ContainerRuntime} creates, starts, signals, stops, attaches to and removes
 * containers with runc or crun, each under its own conmon, all state on disk so a restarted daemon finds them again.
 */
package dev.berth.engine.runtime;
