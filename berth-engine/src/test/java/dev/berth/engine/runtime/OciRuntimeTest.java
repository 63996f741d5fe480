package dev.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real runc's answers for containers it no longer knows. */
class OciRuntimeTest {
    @TempDir
    Path root;

    @Test
    void kill_ofAContainerTheRuntimeAlreadyDeleted_isNoFailure_asDockerdsKill() {
        Assumptions.assumeTrue(Files.isExecutable(OciRuntime.RUNC), "runc is installed");
        OciRuntime runc = new OciRuntime("runc", OciRuntime.RUNC, root);
        // A container that exited just before rm -f: runc has dropped its state, the daemon not recorded the exit.
        assertThatCode(() -> runc.kill("gone", "KILL")).doesNotThrowAnyException();
        assertThat(runc.state("gone")).isEmpty();
        assertThatThrownBy(() -> runc.pause("gone")).isInstanceOf(BerthException.class)
                .hasMessageContaining("does not exist");
    }
}
