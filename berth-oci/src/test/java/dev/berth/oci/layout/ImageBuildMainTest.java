package dev.berth.oci.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuildMainTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ImageBuildMain.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void image_thenIndex_buildTaggedLayouts() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.writeString(rootfs.resolve("hello"), "hi");
        assertThat(run("image", tmp.resolve("amd").toString(), "--platform", "linux/amd64", "--tag", "latest",
                "--cmd", "/hello", "--env", "A=b", "--layer", "dir:" + rootfs, "--created-by", "COPY hello /"))
                .as(err.toString()).isZero();
        assertThat(run("image", tmp.resolve("arm").toString(), "--platform", "linux/arm64/v8", "--tag", "latest",
                "--layer", "dir:" + rootfs)).as(err.toString()).isZero();
        assertThat(run("index", tmp.resolve("multi").toString(), "--tag", "latest",
                tmp.resolve("amd") + ":latest", tmp.resolve("arm") + ":latest")).as(err.toString()).isZero();

        String printed = out.toString().lines().toList().getLast();
        assertThat(OciLayout.open(tmp.resolve("multi")).resolve("latest")).hasValueSatisfying(
                d -> assertThat(d.digest().toString()).isEqualTo(printed));
        assertThat(tmp.resolve("multi/ingest")).doesNotExist();
        RealTar.run(tmp, "skopeo", "inspect", "--raw", "oci:" + tmp.resolve("multi") + ":latest");
    }

    @Test
    void usageErrors_exitWith2AndSayWhy() {
        assertThat(run("image")).isEqualTo(2);
        assertThat(run("image", tmp.resolve("l").toString(), "--layer", "dir:/nonexistent")).isEqualTo(2);
        assertThat(err.toString()).contains("--platform is required");
        assertThat(run("image", tmp.resolve("l").toString(), "--platform", "linux/amd64", "--layer", "tarball:x"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("expected dir:PATH");
        assertThat(run("image", tmp.resolve("l").toString(), "--platform", "linux/amd64", "--created-by", "x"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("must follow a --layer");
        assertThat(run("bogus", tmp.resolve("l").toString())).isEqualTo(2);
    }

    @Test
    void missingSourceDirectory_exitsWith1() {
        assertThat(run("image", tmp.resolve("l").toString(), "--platform", "linux/amd64",
                "--layer", "dir:" + tmp.resolve("absent"))).isEqualTo(1);
        assertThat(err.toString()).contains("absent");
    }
}
