package dev.berth.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Comparisons of berth's output with the docker CLI's, normalising only what legitimately differs. */
final class DockerParity {
    /**
     * Per-layer lines whose presence depends on download timing (dockerd reports "Verifying Checksum" or
     * "Waiting" only when it catches the layer in that state): both CLIs print whatever the daemon sends, so
     * they are left out of run-to-run comparisons. The replay tests cover them byte for byte.
     */
    private static final Pattern TRANSIENT =
            Pattern.compile("^[0-9a-f]{12}: (Waiting|Verifying Checksum|Download complete|Pulling fs layer|Preparing"
                    + "|Waiting|Pushing|Downloading|Extracting)$");

    private DockerParity() {}

    static void assertSame(Processes.Run berth, Processes.Run docker) {
        assertSame("", berth, docker);
    }

    static void assertSame(String what, Processes.Run berth, Processes.Run docker) {
        assertThat(berth.err()).as(what + " stderr").isEqualTo(docker.err());
        assertThat(berth.out()).as(what + " stdout").isEqualTo(docker.out());
        assertThat(berth.exit()).as(what + " exit status").isEqualTo(docker.exit());
    }

    /** Usage errors: same first line and exit status (the usage text names the program). */
    static void assertSameUsageError(Processes.Run berth, Processes.Run docker) {
        assertThat(berth.err().lines().findFirst()).as("stderr").isEqualTo(docker.err().lines().findFirst());
        assertThat(berth.out()).as("stdout").isEqualTo(docker.out());
        assertThat(berth.exit()).as("exit status").isEqualTo(docker.exit());
    }

    /** Same lines, in any order after the first (the daemon lists equally old images in no fixed order). */
    static void assertSameRows(String what, Processes.Run berth, Processes.Run docker) {
        assertThat(berth.err()).as(what + " stderr").isEqualTo(docker.err());
        List<String> b = berth.out().lines().toList();
        List<String> d = docker.out().lines().toList();
        assertThat(b).as(what + " stdout rows").containsExactlyInAnyOrderElementsOf(d);
        if (!d.isEmpty() && d.getFirst().equals(d.getFirst().toUpperCase(java.util.Locale.ROOT))) {
            assertThat(b.getFirst()).as(what + " header").isEqualTo(d.getFirst());
        }
        assertThat(berth.exit()).as("exit status").isEqualTo(docker.exit());
    }

    /** Same output once the timing-dependent per-layer lines are dropped. */
    static void assertSameProgress(Processes.Run berth, Processes.Run docker) {
        assertThat(berth.err()).as("stderr").isEqualTo(docker.err());
        assertThat(stable(berth.out())).as("stdout").isEqualTo(stable(docker.out()));
        assertThat(berth.exit()).as("exit status").isEqualTo(docker.exit());
    }

    static List<String> stable(String out) {
        List<String> lines = new ArrayList<>();
        out.lines().filter(l -> !TRANSIENT.matcher(l).matches()).forEach(lines::add);
        return lines;
    }
}
