package dev.berth.cli.auth;

import dev.berth.cli.api.JsonTrees;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.api.CliException;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The docker CLI's {@code config.json}: credentials under {@code auths} as base64 {@code user:password} (or an
 * identity token). Fields Berth does not know are kept as they are when the file is rewritten.
 */
public final class DockerConfigFile {
    private final Path file;
    private final ObjectNode root;
    private final Map<String, String> env;

    private DockerConfigFile(Path file, ObjectNode root, Map<String, String> env) {
        this.file = file;
        this.root = root;
        this.env = Map.copyOf(env);
    }

    /** Reads {@code dir/config.json}; credential helpers run in {@code env} (and are found on its PATH). */
    public static DockerConfigFile load(Path dir, Map<String, String> env) {
        Path file = dir.resolve("config.json");
        if (!Files.exists(file)) {
            return new DockerConfigFile(file, JsonNodeFactory.instance.objectNode(), env);
        }
        try {
            JsonNode node = JsonTrees.parse(Files.readAllBytes(file));
            if (!(node instanceof ObjectNode object)) {
                throw new CliException("loading config file: " + file + ": not a JSON object");
            }
            return new DockerConfigFile(file, object, env);
        } catch (IOException e) {
            throw new CliException("loading config file: " + file + ": " + e.getMessage(), 1, e);
        }
    }

    public Path path() {
        return file;
    }

    /** The helper that keeps {@code key}'s credentials: its {@code credHelpers} entry, else {@code credsStore}. */
    public Optional<CredentialHelper> helper(String key) {
        String specific = root.path("credHelpers").path(key).asText("");
        String store = root.path("credsStore").asText("");
        String name = specific.isEmpty() ? store : specific;
        return name.isEmpty() ? Optional.empty() : Optional.of(new CredentialHelper(name, env));
    }

    /** The stored credentials for {@code key}, if any: from its credential helper, else from {@code auths}. */
    public Optional<AuthConfig> credentials(String key) {
        Optional<CredentialHelper> helper = helper(key);
        if (helper.isPresent()) {
            return helper.get().get(key);
        }
        JsonNode entry = root.path("auths").get(key);
        if (entry == null) {
            entry = findByHostname(key);
        }
        if (entry == null || !entry.isObject()) {
            return Optional.empty();
        }
        String user = "";
        String password = "";
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new CliException("invalid auth configuration file " + file);
            }
            user = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        Optional<String> token = Optional.ofNullable(entry.path("identitytoken").textValue()).filter(t -> !t.isEmpty());
        return Optional.of(new AuthConfig(user, password, key, token));
    }

    /** docker matches entries stored under a URL ({@code https://host/v1/}) by their host too. */
    private JsonNode findByHostname(String key) {
        JsonNode auths = root.path("auths");
        for (var e : auths.properties()) {
            if (RegistryKeys.hostname(e.getKey()).equals(RegistryKeys.hostname(key))) {
                return e.getValue();
            }
        }
        return null;
    }

    public boolean hasCredentials(String key) {
        return root.path("auths").has(key) || findByHostname(key) != null;
    }

    /**
     * Stores credentials: with the registry's credential helper (leaving an empty {@code auths} entry, as docker
     * does), else in {@code auths}, the identity token in place of the password when there is one.
     */
    public void store(AuthConfig auth) {
        Optional<CredentialHelper> helper = helper(auth.serverAddress());
        if (helper.isPresent()) {
            helper.get().store(auth);
            auths().putObject(auth.serverAddress());
            save();
            return;
        }
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        if (auth.identityToken().isPresent()) {
            entry.put("auth", new AuthConfig(auth.username(), "", auth.serverAddress(), Optional.empty()).basicAuth());
            entry.put("identitytoken", auth.identityToken().get());
        } else {
            entry.put("auth", auth.basicAuth());
        }
        auths().set(auth.serverAddress(), entry);
        save();
    }

    /** Forgets the credentials stored under exactly {@code key}, in its helper and in {@code auths}. */
    public void remove(String key) {
        Optional<CredentialHelper> helper = helper(key);
        if (helper.isPresent()) {
            helper.get().erase(key);
        }
        auths().remove(key);
        save();
    }

    /** docker writes its config struct's fields in order, {@code auths} first; other keys keep their order. */
    private ObjectNode authsFirst() {
        ObjectNode ordered = JsonNodeFactory.instance.objectNode();
        if (root.has("auths")) {
            ordered.set("auths", root.get("auths"));
        }
        root.properties().forEach(e -> ordered.set(e.getKey(), e.getValue()));
        return ordered;
    }

    private ObjectNode auths() {
        JsonNode auths = root.get("auths");
        if (auths instanceof ObjectNode object) {
            return object;
        }
        return root.putObject("auths");
    }

    /** Written as docker writes it (tab-indented), atomically, readable by the owner only. */
    private void save() {
        try {
            Files.createDirectories(file.getParent());
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("").withArrayEmptySeparator(""))
                    .withObjectIndenter(new DefaultIndenter("\t", "\n"))
                    .withArrayIndenter(new DefaultIndenter("\t", "\n"));
            byte[] bytes = Json.MAPPER.writer(printer).writeValueAsBytes(authsFirst());
            Path temp = Files.createTempFile(file.getParent(), "config.json", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("save config file " + file, e);
        }
    }
}
