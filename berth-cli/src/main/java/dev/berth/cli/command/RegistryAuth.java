package dev.berth.cli.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.cli.auth.AuthConfig;
import dev.berth.cli.auth.DockerConfigFile;
import dev.berth.cli.auth.RegistryKeys;
import dev.berth.oci.reference.Reference;
import dev.berth.cli.BerthMain;

/**
 * The {@code X-Registry-Auth} header for a reference, from the stored credentials of its registry; for a build, the
 * {@code X-Registry-Config} header: the credentials of several registries by their {@code config.json} key.
 */
final class RegistryAuth {
    static final String HEADER = "X-Registry-Auth";
    static final String CONFIG_HEADER = "X-Registry-Config";

    private RegistryAuth() {}

    static String header(BerthMain root, Reference reference) {
        String key = RegistryKeys.of(reference);
        return DockerConfigFile.load(root.configDir(), root.env()).credentials(key)
                .orElse(AuthConfig.anonymous()).encoded();
    }

    /** {@code X-Registry-Config} with the stored credentials of the registries of {@code references}. */
    static String configHeader(BerthMain root, java.util.List<Reference> references) {
        DockerConfigFile file = DockerConfigFile.load(root.configDir(), root.env());
        com.fasterxml.jackson.databind.node.ObjectNode configs = JsonNodeFactory.instance.objectNode();
        for (Reference r : references) {
            String key = RegistryKeys.of(r);
            file.credentials(key).ifPresent(c -> configs.set(key, c.toJson()));
        }
        return java.util.Base64.getUrlEncoder().encodeToString(dev.berth.oci.spec.Json.bytes(configs));
    }
}
