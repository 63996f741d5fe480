package dev.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --security-opt seccomp=FILE} sends the file's JSON, as the docker CLI's {@code parseSecurityOpts}. */
class CreateBodySecurityOptsTest {
    @Test
    void seccompFile_isSentAsCompactedJson_otherOptionsAsGiven(@TempDir Path dir) throws IOException {
        Path profile = dir.resolve("p.json");
        Files.writeString(profile, "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"syscalls\": []\n}\n");

        assertThat(CreateBody.securityOpts(List.of("seccomp=" + profile, "seccomp=unconfined", "no-new-privileges",
                "seccomp:builtin"))).containsExactly("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[]}",
                "seccomp=unconfined", "no-new-privileges", "seccomp:builtin");
    }

    @Test
    void seccompFile_missingOrNotJson_isRefusedWithDockersWording(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("none.json");
        assertThatThrownBy(() -> CreateBody.securityOpts(List.of("seccomp=" + missing)))
                .hasMessage("opening seccomp profile (" + missing + ") failed: open " + missing
                        + ": no such file or directory");
        Path text = Files.writeString(dir.resolve("t.json"), "not json");
        assertThatThrownBy(() -> CreateBody.securityOpts(List.of("seccomp=" + text)))
                .hasMessageStartingWith("compacting json for seccomp profile (" + text + ") failed: ");
    }
}
