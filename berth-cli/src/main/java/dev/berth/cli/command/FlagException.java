package dev.berth.cli.command;

import dev.berth.cli.BerthMain;
import dev.berth.cli.api.CliException;

/**
 * A flag value the docker CLI's flag library refuses ({@code invalid argument "1x" for "-m, --memory" flag: …}):
 * reported like a parse error, with the command's usage line, exit 125.
 */
public final class FlagException extends CliException {
    FlagException(String message) {
        super(message, BerthMain.USAGE_ERROR, null);
    }
}
