package dev.berth.cli.command;

/**
 * A command whose flags end at its first positional argument, as docker's {@code run}, {@code create} and
 * {@code exec} ({@code SetInterspersed(false)}): in {@code berth run busybox ls -l}, {@code -l} belongs to ls.
 */
public interface PositionalCommand {}
