package dev.berth.cli.command;

import dev.berth.cli.BerthMain;
import dev.berth.cli.api.CliException;

/**
 * A container configuration the docker CLI refuses after its flags parsed (conflicting options, a bad port or
 * restart policy, an unreadable env file): {@code run} reports it as {@code berth: MESSAGE} with exit 125.
 */
final class ConfigException extends CliException {
    ConfigException(String message) {
        super(message, BerthMain.USAGE_ERROR, null);
    }

    ConfigException(String message, Throwable cause) {
        super(message, BerthMain.USAGE_ERROR, cause);
    }
}
