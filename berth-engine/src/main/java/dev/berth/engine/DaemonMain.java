package dev.berth.engine;

import dev.berth.oci.BerthVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code berthd}: the daemon's launcher. */
@Command(name = "berthd", mixinStandardHelpOptions = true, versionProvider = DaemonMain.Version.class,
        description = "The Berth daemon: serves the Docker Engine API and manages images, containers, networks and volumes.")
public final class DaemonMain implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DaemonMain()).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return BerthVersion.versionLines("berthd");
        }
    }
}
