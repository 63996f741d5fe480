package dev.berth.cli.command;

import dev.berth.cli.auth.DockerConfigFile;
import dev.berth.cli.auth.RegistryKeys;
import java.util.ArrayList;
import java.util.List;
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
        List<String> keys = new ArrayList<>(List.of(server == null || server.isEmpty() ? key : server));
        if (!key.equals(RegistryKeys.DOCKER_HUB)) {
            // as docker: the forms older clients stored a registry under are forgotten too
            keys.addAll(List.of(key, "http://" + key, "https://" + key));
        }
        out().println("Removing login credentials for " + key);
        out().flush();
        DockerConfigFile config = DockerConfigFile.load(root().configDir(), root().env());
        for (String k : keys) {
            config.remove(k);
        }
        return 0;
    }
}
