package dev.berth.cli;

import dev.berth.cli.command.ImageCommand;
import dev.berth.oci.BerthVersion;
import dev.berth.oci.error.BerthException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code berth}: the client CLI's entry point. */
@Command(name = "berth", mixinStandardHelpOptions = true, versionProvider = BerthMain.Version.class,
        description = "The Berth client: sends commands to berthd, like the docker CLI.",
        subcommands = ImageCommand.class)
public final class BerthMain implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with berth's error reporting: a BerthException prints its message, as the docker CLI does. */
    public static CommandLine commandLine() {
        return new CommandLine(new BerthMain()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof BerthException b) {
                cmd.getErr().println("Error: " + b.getMessage());
                return 1;
            }
            throw e;
        });
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return BerthVersion.versionLines("berth");
        }
    }
}
