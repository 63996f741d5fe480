package dev.berth.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Json;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs docker credential helpers ({@code docker-credential-<name>}, the docker-credential-helpers protocol): {@code get}
 * with the server URL on stdin answers {@code {"ServerURL","Username","Secret"}} on stdout, or exits non-zero with
 * {@code credentials not found in native keychain}. A {@code Username} of {@code <token>} makes the secret an identity
 * token.
 */
public final class CredentialHelpers {
    static final String NOT_FOUND = "credentials not found in native keychain";
    private static final String TOKEN_USER = "<token>";
    private static final long TIMEOUT_SECONDS = 30;

    private final List<Path> searchPath;

    /** Helpers looked up in {@code searchPath}, in order. */
    public CredentialHelpers(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    /** Helpers looked up in the directories of {@code PATH}. */
    public static CredentialHelpers onPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        return new CredentialHelpers(java.util.Arrays.stream(path.split(File.pathSeparator))
                .filter(s -> !s.isEmpty()).map(Path::of).toList());
    }

    /** Asks helper {@code name} for the credentials of {@code serverUrl}; empty when it has none. */
    public Optional<Credentials> get(String name, String serverUrl) {
        String program = "docker-credential-" + name;
        Path executable = searchPath.stream().map(d -> d.resolve(program)).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new BerthException(ErrorKind.NOT_FOUND, "error getting credentials - err: exec: \""
                        + program + "\": executable file not found in $PATH"));
        String action = "error getting credentials - " + program + " get " + serverUrl;
        try {
            Process p = new ProcessBuilder(executable.toString(), "get").redirectErrorStream(false).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BerthException(ErrorKind.UNAVAILABLE, action + ": timed out");
            }
            String stdout = new String(out, StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                if (stdout.contains(NOT_FOUND)) {
                    return Optional.empty();
                }
                throw new BerthException(ErrorKind.UNAVAILABLE, action + ": exit " + p.exitValue() + ": "
                        + (stdout.isEmpty() ? new String(err, StandardCharsets.UTF_8).trim() : stdout));
            }
            JsonNode answer = Json.object(out, program + " output");
            String user = answer.path("Username").asText("");
            String secret = answer.path("Secret").asText("");
            return Optional.of(user.equals(TOKEN_USER)
                    ? new Credentials("", "", Optional.of(secret))
                    : Credentials.of(user, secret));
        } catch (IOException e) {
            throw BerthException.io(action, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.UNAVAILABLE, action + ": interrupted", e);
        }
    }
}
