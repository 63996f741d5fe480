package dev.berth.cli.command;

import dev.berth.cli.api.CliException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth create IMAGE [COMMAND] [ARG...]}: creates the container as {@code run} does, prints its ID. */
@Command(name = "create", description = "Create a new container")
public final class CreateCommand extends DaemonCommand implements PositionalCommand {
    @Mixin
    ContainerOptions options;

    @Parameters(paramLabel = "IMAGE [COMMAND] [ARG...]", arity = "1..*")
    List<String> command = new ArrayList<>();

    @Override
    int run() {
        try {
            out().println(ContainerCreator.create(this, options, command.getFirst(),
                    command.subList(1, command.size()), false));
        } catch (ConfigException e) {
            // docker names itself before a configuration it refuses, as run does
            throw new CliException("berth: " + e.getMessage(), e.exitCode(), e);
        }
        return 0;
    }
}
