package dev.berth.cli.command;

import dev.berth.cli.api.CliException;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code berth create IMAGE [COMMAND] [ARG...]}: creates the container as {@code run} does, prints its ID. */
public final class CreateCommand extends DaemonCommand implements PositionalCommand, SpecifiedCommand {
    @Override
    public CommandSpec spec() {
        spec = CommandSpec.wrapWithoutInspection(this).name("create");
        spec.usageMessage().description("Create a new container");
        ContainerOptions.addTo(spec);
        spec.addPositional(ContainerCreator.imageAndCommand());
        return spec;
    }

    @Override
    int run() {
        ContainerOptions options = ContainerOptions.of(spec);
        List<String> command = ContainerCreator.imageAndCommand(spec);
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
