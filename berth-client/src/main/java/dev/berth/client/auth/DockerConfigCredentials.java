package dev.berth.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials of a docker CLI configuration file ({@code ~/.docker/config.json}, docker's {@code configfile}),
 * looked up as docker does: the registry's entry in {@code credHelpers}, else the {@code credsStore} helper, else the
 * {@code auths} entry ({@code auth} = base64 of {@code user:password}, or {@code identitytoken}). Docker Hub is keyed
 * {@code https://index.docker.io/v1/}; other {@code auths} keys match by host whatever their scheme or path.
 * The file is read at each lookup, so a {@code docker login} meanwhile is seen.
 */
public final class DockerConfigCredentials implements CredentialStore {
    /** The key docker uses for Docker Hub in config.json and with credential helpers. */
    public static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";

    private final Path file;
    private final CredentialHelpers helpers;

    public DockerConfigCredentials(Path file, CredentialHelpers helpers) {
        this.file = file;
        this.helpers = helpers;
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}; helpers found on {@code PATH}. */
    public static DockerConfigCredentials forUser() {
        String dir = System.getenv("DOCKER_CONFIG");
        Path base = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".docker");
        return new DockerConfigCredentials(base.resolve("config.json"), CredentialHelpers.onPath());
    }

    @Override
    public Optional<Credentials> get(String registryHost) {
        Optional<JsonNode> config = read();
        if (config.isEmpty()) {
            return Optional.empty();
        }
        String server = serverKey(registryHost);
        JsonNode helper = config.get().path("credHelpers").path(registryHost);
        if (helper.isTextual() && !helper.textValue().isEmpty()) {
            return helpers.get(helper.textValue(), server);
        }
        JsonNode store = config.get().path("credsStore");
        if (store.isTextual() && !store.textValue().isEmpty()) {
            return helpers.get(store.textValue(), server);
        }
        return fromAuths(config.get().path("auths"), registryHost);
    }

    /** The server name docker hands to helpers and writes in {@code auths}. */
    static String serverKey(String registryHost) {
        return registryHost.equals(Reference.DOCKER_HUB) ? DOCKER_HUB_SERVER : registryHost;
    }

    private Optional<JsonNode> read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw BerthException.io("read docker config " + file, e);
        }
        return Optional.of(Json.object(bytes, "docker config " + file));
    }

    private Optional<Credentials> fromAuths(JsonNode auths, String registryHost) {
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (hostOf(e.getKey()).equals(hostOf(serverKey(registryHost)))) {
                return entry(e.getValue(), e.getKey());
            }
        }
        return Optional.empty();
    }

    private Optional<Credentials> entry(JsonNode node, String key) {
        Optional<String> identity = text(node, "identitytoken");
        Optional<String> auth = text(node, "auth");
        if (auth.isPresent()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.get()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw BerthException.invalid("docker config " + file + ": auths." + key + ".auth is not base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw BerthException.invalid("docker config " + file + ": auths." + key
                        + ".auth is not base64 of user:password");
            }
            return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1), identity));
        }
        Optional<String> user = text(node, "username");
        if (user.isPresent() || identity.isPresent()) {
            return Optional.of(new Credentials(user.orElse(""), text(node, "password").orElse(""), identity));
        }
        return Optional.empty();
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.textValue().isEmpty() ? Optional.of(v.textValue()) : Optional.empty();
    }

    /** Docker's {@code ConvertToHostname}: {@code https://host:5000/v1/} → {@code host:5000}. */
    static String hostOf(String server) {
        String s = server;
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int slash = s.indexOf('/');
        return slash >= 0 ? s.substring(0, slash) : s;
    }
}
