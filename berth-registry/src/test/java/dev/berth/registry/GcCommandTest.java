package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.spec.Descriptor;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.storage.RegistryStorage;
import dev.berth.registry.testing.StorageImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code berth-registry gc}: prints like distribution's garbage-collect; a dry run deletes nothing. */
class GcCommandTest {
    private static final RepositoryName APP = RepositoryName.of("library/app");

    @TempDir
    Path root;

    record Run(int exit, String out, String err) {}

    private Run gc(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 1];
            all[0] = "gc";
            System.arraycopy(args, 0, all, 1, args.length);
            int exit = new CommandLine(new RegistryMain()).execute(all);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    @Test
    void aDryRunPrintsWhatWouldGo_andARealRunDeletesIt() throws Exception {
        RegistryStorage storage = RegistryStorage.open(root);
        StorageImages push = new StorageImages(storage);
        Descriptor kept = push.image(APP, "kept", push.layer(APP, "kept layer"));
        push.tag(APP, "latest", kept);
        Descriptor old = push.image(APP, "old", push.layer(APP, "old layer"));
        long blobs = storage.content().list().size();

        Run dry = gc("--root", root.toString(), "--dry-run", "--grace", "0");

        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("library/app\n", "library/app: marking manifest " + kept.digest(),
                "3 blobs marked, 3 blobs and 1 manifests eligible for deletion",
                "manifest eligible for deletion: library/app@" + old.digest(),
                "gc (dry run): would delete 1 manifests, 2 blob links and 3 blobs").doesNotContain("deleting");
        assertThat(storage.content().list()).hasSize((int) blobs);

        Path config = Files.writeString(root.resolve("config.yml"), "root: " + root + "\ngc:\n  grace: 0\n");
        Run real = gc("--config", config.toString());

        assertThat(real.exit()).as(real.err()).isZero();
        assertThat(real.out()).contains("deleting manifest library/app@" + old.digest(),
                "gc: deleted 1 manifests, 2 blob links and 3 blobs");
        assertThat(storage.content().list()).hasSize((int) blobs - 3);
    }

    @Test
    void refusesToRunBesideAnotherCollection() {
        RegistryStorage storage = RegistryStorage.open(root);
        try (var running = storage.fence().startCollection()) {
            Run run = gc("--root", root.toString());
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("berth-registry gc: garbage collection already running\n");
        }
    }
}
