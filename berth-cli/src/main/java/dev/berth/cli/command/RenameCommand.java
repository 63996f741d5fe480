package dev.berth.cli.command;

import dev.berth.cli.api.CliException;
import dev.berth.cli.api.DaemonException;
import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth rename CONTAINER NEW_NAME}: {@code POST /containers/{id}/rename?name=…}. */
@Command(name = "rename", mixinStandardHelpOptions = true, description = "Rename a container")
public final class RenameCommand extends DaemonCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", paramLabel = "NEW_NAME")
    String newName;

    @Override
    int run() {
        String old = container.strip();
        String name = newName.strip();
        if (old.isEmpty() || name.isEmpty()) {
            throw new CliException("Error: Neither old nor new names may be empty");
        }
        try {
            client().send("POST", "/containers/" + old + "/rename", Query.empty().with("name", name)).close();
        } catch (DaemonException e) {
            throw new CliException(e.getMessage() + "\nError: failed to rename container named " + old);
        }
        return 0;
    }
}
