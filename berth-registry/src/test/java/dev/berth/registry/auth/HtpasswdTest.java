package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against files written by the real {@code htpasswd} of apache2-utils. */
class HtpasswdTest {
    @TempDir
    Path dir;

    @Test
    void verify_acceptsTheRightPasswordOnly() throws Exception {
        Path file = HtpasswdFiles.create(dir.resolve("htpasswd"), "alice", "s3cret", "bob", "hunter2");
        Htpasswd users = Htpasswd.load(file);
        assertThat(users.verify("alice", "s3cret")).isTrue();
        assertThat(users.verify("alice", "s3cret")).as("remembered check").isTrue();
        assertThat(users.verify("alice", "hunter2")).isFalse();
        assertThat(users.verify("bob", "hunter2")).isTrue();
        assertThat(users.verify("carol", "s3cret")).isFalse();
    }

    @Test
    void verify_seesUsersAddedAfterLoad() throws Exception {
        Path file = HtpasswdFiles.create(dir.resolve("htpasswd"), "alice", "s3cret");
        Htpasswd users = Htpasswd.load(file);
        assertThat(users.verify("carol", "pw")).isFalse();
        HtpasswdFiles.add(file, "carol", "pw");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(users.verify("carol", "pw")).isTrue();
    }

    @Test
    void load_refusesHashesThatAreNotBcrypt() throws Exception {
        Path file = dir.resolve("md5");
        HtpasswdFiles.run("htpasswd", "-cbm", file.toString(), "alice", "pw");
        assertThatThrownBy(() -> Htpasswd.load(file)).isInstanceOf(BerthException.class)
                .hasMessageContaining("htpasswd -B");
    }
}
