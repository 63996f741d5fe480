package dev.berth.cli.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.api.CliException;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A docker credential helper ({@code docker-credential-NAME get|store|erase} on the PATH), as {@code config.json}'s
 * {@code credsStore} and {@code credHelpers} name it. The protocol: the server URL (or a JSON
 * {@code {ServerURL, Username, Secret}}) on stdin, JSON or an error text on stdout; a username of
 * {@code <token>} marks an identity token.
 *
 * @param name the helper's suffix, e.g. {@code pass} for {@code docker-credential-pass}
 * @param env  the environment the helper runs in; its {@code PATH} is searched for it
 */
public record CredentialHelper(String name, Map<String, String> env) {
    private static final String TOKEN_USER = "<token>";
    private static final String NOT_FOUND = "credentials not found in native keychain";

    public CredentialHelper {
        if (name.isEmpty() || name.contains("/")) {
            throw new CliException("invalid credential helper name \"" + name + "\"");
        }
        env = Map.copyOf(env);
    }

    public Optional<AuthConfig> get(String serverAddress) {
        Result r = run("get", serverAddress);
        if (r.exit() != 0) {
            if (r.out().strip().equals(NOT_FOUND)) {
                return Optional.empty();
            }
            throw new CliException("error getting credentials - err: exit status " + r.exit() + ", out: `"
                    + r.out().strip() + "`");
        }
        JsonNode node = Json.object(r.out().getBytes(StandardCharsets.UTF_8), "credential helper answer");
        String user = node.path("Username").asText("");
        String secret = node.path("Secret").asText("");
        return Optional.of(user.equals(TOKEN_USER)
                ? new AuthConfig("", "", serverAddress, Optional.of(secret))
                : new AuthConfig(user, secret, serverAddress, Optional.empty()));
    }

    public void store(AuthConfig auth) {
        ObjectNode creds = JsonNodeFactory.instance.objectNode();
        creds.put("ServerURL", auth.serverAddress());
        creds.put("Username", auth.identityToken().isPresent() ? TOKEN_USER : auth.username());
        creds.put("Secret", auth.identityToken().orElse(auth.password()));
        Result r = run("store", creds.toString());
        if (r.exit() != 0) {
            throw new CliException("error storing credentials - err: exit status " + r.exit() + ", out: `"
                    + r.out().strip() + "`");
        }
    }

    public void erase(String serverAddress) {
        Result r = run("erase", serverAddress);
        if (r.exit() != 0 && !r.out().strip().equals(NOT_FOUND)) {
            throw new CliException("error erasing credentials - err: exit status " + r.exit() + ", out: `"
                    + r.out().strip() + "`");
        }
    }

    private Result run(String action, String input) {
        String program = "docker-credential-" + name;
        Path executable = searchPath().stream().map(dir -> dir.resolve(program)).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new CliException("error getting credentials - err: exec: \""
                        + program + "\": executable file not found in $PATH, out: ``"));
        try {
            ProcessBuilder pb = new ProcessBuilder(executable.toString(), action).redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException e) {
            throw new CliException(program + " " + action + ": " + e.getMessage(), 1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(program + " " + action + ": interrupted", 1, e);
        }
    }

    private List<Path> searchPath() {
        return Arrays.stream(env.getOrDefault("PATH", "").split(":")).filter(d -> !d.isEmpty()).map(Path::of)
                .toList();
    }

    private record Result(int exit, String out) {}
}
