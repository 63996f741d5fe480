package dev.berth.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigCredentialsTest {
    @TempDir
    Path tmp;
    Path bin;
    Path config;

    @BeforeEach
    void helpers() throws IOException {
        bin = Files.createDirectories(tmp.resolve("bin"));
        config = tmp.resolve("config.json");
        // A store that knows one server per helper name, logging what it was asked.
        helper("store", "https://index.docker.io/v1/", "{\"Username\":\"hubuser\",\"Secret\":\"hubpw\"}");
        helper("tokens", "reg.example", "{\"Username\":\"<token>\",\"Secret\":\"refresh-123\"}");
    }

    void helper(String name, String server, String answer) throws IOException {
        Path p = bin.resolve("docker-credential-" + name);
        Files.writeString(p, """
                #!/bin/sh
                read server
                echo "$1 $server" >> %s
                if [ "$server" = "%s" ]; then echo '%s'; else echo "credentials not found in native keychain"; exit 1; fi
                """.formatted(tmp.resolve(name + ".log"), server, answer));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    DockerConfigCredentials store(String json) throws IOException {
        Files.writeString(config, json);
        return new DockerConfigCredentials(config, new CredentialHelpers(List.of(bin)));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void auths_byHostWhateverTheKeysSchemeOrPath() throws IOException {
        DockerConfigCredentials c = store("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("u:p:q")
                + "\"},\"http://localhost:5000/v2/\":{\"auth\":\"" + b64("l:pw") + "\"},"
                + "\"tok.example\":{\"identitytoken\":\"idt\"}}}");
        assertThat(c.get("docker.io")).hasValue(Credentials.of("u", "p:q"));
        assertThat(c.get("localhost:5000")).hasValue(Credentials.of("l", "pw"));
        assertThat(c.get("tok.example")).hasValue(new Credentials("", "", Optional.of("idt")));
        assertThat(c.get("other.example")).isEmpty();
    }

    @Test
    void credsStore_isAskedWithDockersServerName() throws IOException {
        DockerConfigCredentials c = store("{\"credsStore\":\"store\",\"auths\":{\"docker.io\":{}}}");
        assertThat(c.get("docker.io")).hasValue(Credentials.of("hubuser", "hubpw"));
        assertThat(c.get("elsewhere.example")).isEmpty();
        assertThat(Files.readAllLines(tmp.resolve("store.log")))
                .containsExactly("get https://index.docker.io/v1/", "get elsewhere.example");
    }

    @Test
    void credHelpers_winOverTheStore_andATokenUserIsAnIdentityToken() throws IOException {
        DockerConfigCredentials c = store("{\"credsStore\":\"store\",\"credHelpers\":{\"reg.example\":\"tokens\"}}");
        assertThat(c.get("reg.example")).hasValue(new Credentials("", "", Optional.of("refresh-123")));
        assertThat(tmp.resolve("store.log")).doesNotExist();
    }

    @Test
    void missingHelper_saysWhatDockerSays() throws IOException {
        DockerConfigCredentials c = store("{\"credsStore\":\"absent\"}");
        assertThatThrownBy(() -> c.get("docker.io"))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessageContaining("docker-credential-absent").hasMessageContaining("not found in $PATH");
    }

    @Test
    void noConfigFile_meansNoCredentials() {
        assertThat(new DockerConfigCredentials(tmp.resolve("none.json"), new CredentialHelpers(List.of(bin)))
                .get("docker.io")).isEmpty();
    }
}
