package dev.berth.cli.command;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code berth image}: manage images. */
@Command(name = "image", description = "Manage images", subcommands = ImageTreeCommand.class,
        mixinStandardHelpOptions = true)
public final class ImageCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
