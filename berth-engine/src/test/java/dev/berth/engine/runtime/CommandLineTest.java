package dev.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The combinations of {@code docker run} (image ENTRYPOINT/CMD × --entrypoint × trailing args). */
class CommandLineTest {
    private static final Optional<List<String>> ENTRY = Optional.of(List.of("/entry", "-x"));
    private static final Optional<List<String>> CMD = Optional.of(List.of("serve", "--port", "80"));
    private static final Optional<List<String>> NONE = Optional.empty();

    private static List<String> combine(Optional<List<String>> imageEntry, Optional<List<String>> imageCmd,
            Optional<List<String>> entry, Optional<List<String>> cmd) {
        return CommandLine.combine(imageEntry, imageCmd, entry, cmd).args();
    }

    @Test
    void imageEntrypointAndCmd_whenTheRequestHasNeither() {
        assertThat(combine(ENTRY, CMD, NONE, NONE)).containsExactly("/entry", "-x", "serve", "--port", "80");
    }

    @Test
    void requestArgs_replaceTheImageCmd_afterTheImageEntrypoint() {
        assertThat(combine(ENTRY, CMD, NONE, Optional.of(List.of("shell"))))
                .containsExactly("/entry", "-x", "shell");
    }

    @Test
    void anEmptyRequestCmd_keepsTheImageCmd() {
        assertThat(combine(NONE, CMD, NONE, Optional.of(List.of()))).containsExactly("serve", "--port", "80");
    }

    @Test
    void aRequestEntrypoint_dropsTheImageCmd() {
        assertThat(combine(ENTRY, CMD, Optional.of(List.of("/bin/sh")), NONE)).containsExactly("/bin/sh");
        assertThat(combine(ENTRY, CMD, Optional.of(List.of("/bin/sh")), Optional.of(List.of("-c", "id"))))
                .containsExactly("/bin/sh", "-c", "id");
    }

    @Test
    void anEmptyEntrypoint_resetsIt_leavingTheRequestArgs() {
        assertThat(combine(ENTRY, CMD, Optional.of(List.of("")), Optional.of(List.of("echo", "hi"))))
                .containsExactly("echo", "hi");
    }

    @Test
    void nothingToRun_isDockersError() {
        assertThatThrownBy(() -> combine(ENTRY, CMD, Optional.of(List.of("")), NONE))
                .hasMessage("No command specified");
        assertThatThrownBy(() -> combine(NONE, NONE, NONE, NONE)).hasMessage("No command specified");
    }
}
