package dev.berth.cli.command;

import dev.berth.cli.auth.AuthConfig;
import dev.berth.cli.auth.DockerConfigFile;
import dev.berth.cli.auth.RegistryKeys;
import dev.berth.oci.reference.Reference;
import dev.berth.cli.BerthMain;

/** The {@code X-Registry-Auth} header for a reference, from the stored credentials of its registry. */
final class RegistryAuth {
    static final String HEADER = "X-Registry-Auth";

    private RegistryAuth() {}

    static String header(BerthMain root, Reference reference) {
        String key = RegistryKeys.of(reference);
        return DockerConfigFile.load(root.configDir(), root.env()).credentials(key)
                .orElse(AuthConfig.anonymous()).encoded();
    }
}
