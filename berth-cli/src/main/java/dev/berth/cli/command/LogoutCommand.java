package dev.berth.cli.command;

import dev.berth.cli.auth.DockerConfigFile;
import dev.berth.cli.auth.RegistryKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth logout [SERVER]}: removes the stored credentials; needs no daemon. */
@Command(name = "logout", mixinStandardHelpOptions = true, description = "Log out from a registry")
public final class LogoutCommand extends DaemonCommand {
    @Parameters(paramLabel = "SERVER", arity = "0..1")
    String server;

    @Override
    int run() {
        String key = server == null || server.isEmpty() ? RegistryKeys.DOCKER_HUB : RegistryKeys.ofServer(server);
        out().println("Removing login credentials for " + key);
        DockerConfigFile.load(root().configDir()).remove(key);
        return 0;
    }
}
