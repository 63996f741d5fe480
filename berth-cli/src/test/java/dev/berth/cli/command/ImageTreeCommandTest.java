package dev.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.BerthMain;
import dev.berth.oci.layout.OciLayout;
import dev.berth.oci.layout.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTreeCommandTest {
    record Run(int exit, String out, String err) {}

    static Run berth(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int exit = BerthMain.commandLine().setErr(new PrintWriter(err, true)).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void multiArchIndex_showsAManifestPerPlatform_withConfigAndLayers() {
        Path layout = TestImages.layout("busybox-multiarch");
        String index = OciLayout.open(layout).resolve("latest").orElseThrow().digest().toString();
        Run run = berth("image", "tree", "oci:" + layout + ":latest");
        assertThat(run.exit()).isZero();
        assertThat(run.out().lines()).first().isEqualTo("oci:" + layout + ":latest");
        assertThat(run.out()).contains("index  " + index + "  application/vnd.oci.image.index.v1+json",
                "├── manifest linux/amd64  sha256:", "└── manifest linux/arm64/v8  sha256:",
                "│   ├── config  sha256:", "application/vnd.oci.image.config.v1+json",
                "│   └── layer 1  sha256:", "application/vnd.oci.image.layer.v1.tar+gzip");
    }

    @Test
    void defaultTagIsLatest() {
        Path layout = TestImages.layout("multi-layer");
        Run run = berth("image", "tree", "oci:" + layout);
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("oci:" + layout + "\nmanifest linux/amd64  sha256:").contains("└── layer 5  ");
    }

    @Test
    void missingLayoutOrTag_isAClearError(@TempDir Path empty) {
        Run missing = berth("image", "tree", "oci:" + empty.resolve("none"));
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("Error: ").contains("no oci-layout file");

        Run tag = berth("image", "tree", "oci:" + TestImages.layout("hello-world") + ":v9");
        assertThat(tag.exit()).isEqualTo(1);
        assertThat(tag.err()).contains("no image tagged v9");
    }

    @Test
    void otherSources_areRefusedUntilTheDaemonServesImages() {
        Run run = berth("image", "tree", "busybox");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("only oci:PATH[:TAG]");
    }
}
