package dev.berth.registry;

import dev.berth.oci.BerthVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code berth-registry}: the registry server's launcher. */
@Command(name = "berth-registry", mixinStandardHelpOptions = true, versionProvider = RegistryMain.Version.class,
        description = "An OCI Distribution registry: stores images and serves them to docker, skopeo and berthd.",
        subcommands = {ServeCommand.class})
public final class RegistryMain implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RegistryMain()).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return BerthVersion.versionLines("berth-registry");
        }
    }
}
