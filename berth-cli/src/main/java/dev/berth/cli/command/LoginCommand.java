package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.CliException;
import dev.berth.cli.api.HttpRequest;
import dev.berth.cli.api.RequestBody;
import dev.berth.cli.auth.AuthConfig;
import dev.berth.cli.auth.DockerConfigFile;
import dev.berth.cli.auth.RegistryKeys;
import dev.berth.cli.output.Terminal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth login [SERVER]}: checks the credentials with {@code POST /auth}, then stores them in
 * {@code config.json} as docker does (base64 {@code user:password} under {@code auths}, or the identity token the
 * registry returned).
 */
@Command(name = "login", mixinStandardHelpOptions = true, description = "Authenticate to a registry")
public final class LoginCommand extends DaemonCommand {
    @Option(names = {"-u", "--username"}, paramLabel = "string", description = "Username")
    String username;

    @Option(names = {"-p", "--password"}, paramLabel = "string", description = "Password or Personal Access Token (PAT)")
    String password;

    @Option(names = "--password-stdin", description = "Take the Password or Personal Access Token (PAT) from stdin")
    boolean passwordStdin;

    @Parameters(paramLabel = "SERVER", arity = "0..1")
    String server;

    @Override
    int run() {
        if (password != null && !password.isEmpty()) {
            err().println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
            err().flush();
            if (passwordStdin) {
                throw new CliException("--password and --password-stdin are mutually exclusive");
            }
        }
        if (passwordStdin) {
            if (username == null || username.isEmpty()) {
                throw new CliException("Must provide --username with --password-stdin");
            }
            password = readStdin();
        }
        String key = server == null || server.isEmpty() ? RegistryKeys.DOCKER_HUB : RegistryKeys.ofServer(server);
        DockerConfigFile config = DockerConfigFile.load(root().configDir(), root().env());
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            Optional<AuthConfig> stored = username == null ? config.credentials(key) : Optional.empty();
            if (stored.isPresent() && !stored.get().username().isEmpty()) {
                out().println("Authenticating with existing credentials... [Username: " + stored.get().username() + "]");
                username = stored.get().username();
                password = stored.get().password();
            } else if (Terminal.stdinIsTerminal() && System.console() != null) {
                username = username != null ? username : System.console().readLine("Username: ");
                password = new String(System.console().readPassword("Password: "));
            } else {
                throw new CliException("Error: Cannot perform an interactive login from a non TTY device");
            }
        }
        AuthConfig auth = new AuthConfig(username, password, key, Optional.empty());
        JsonNode response = client().json(HttpRequest.of("POST", "/auth")
                .withBody(new RequestBody.Bytes("application/json", jsonLine(auth))));
        String token = response.path("IdentityToken").asText("");
        config.store(new AuthConfig(username, token.isEmpty() ? password : "", key,
                token.isEmpty() ? Optional.empty() : Optional.of(token)));
        if (config.helper(key).isEmpty()) {
            err().printf("%nWARNING! Your credentials are stored unencrypted in '%s'.%n"
                    + "Configure a credential helper to remove this warning. See%n"
                    + "https://docs.docker.com/go/credential-store/%n%n", config.path());
            err().flush();
        }
        String status = response.path("Status").asText("");
        if (!status.isEmpty()) {
            out().println(status);
        }
        return 0;
    }

    /** The body as Go's {@code json.Encoder} writes it: one line. */
    private static byte[] jsonLine(AuthConfig auth) {
        return (auth.toJson().toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private String readStdin() {
        try {
            String text = new String(root().stdin().readAllBytes(), StandardCharsets.UTF_8);
            return text.replaceAll("[\r\n]+$", "");
        } catch (IOException e) {
            throw new UncheckedIOException("read password from stdin", e);
        }
    }
}
