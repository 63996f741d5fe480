package dev.berth.cli;

import dev.berth.oci.BerthVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code berth}: the client CLI's entry point. */
@Command(name = "berth", mixinStandardHelpOptions = true, versionProvider = BerthMain.Version.class,
        description = "The Berth client: sends commands to berthd, like the docker CLI.")
public final class BerthMain implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BerthMain()).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return BerthVersion.versionLines("berth");
        }
    }
}
