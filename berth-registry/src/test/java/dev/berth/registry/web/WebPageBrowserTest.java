package dev.berth.registry.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.layout.TestImages;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Manifest;
import dev.berth.registry.Registry;
import dev.berth.registry.config.ListenAddress;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.http.RegistryHooks;
import dev.berth.registry.testing.Chromium;
import dev.berth.registry.testing.TestRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page as a person sees it: busybox for amd64 and arm64 pushed with skopeo, then loaded in headless Chromium,
 * whose DOM must show the repository, the tag, both platforms and every layer's digest and size.
 */
class WebPageBrowserTest {
    @TempDir
    Path root;

    Registry registry;

    @BeforeEach
    void start() {
        registry = Registry.start(RegistryConfig.defaults().withAddr(ListenAddress.parse("127.0.0.1:0")).withRoot(root),
                RegistryHooks.none());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    @Timeout(300)
    void aPushedMultiPlatformImage_showsItsIndexManifestsConfigsAndLayers_inABrowser() throws Exception {
        Path layout = TestImages.layout("busybox-multiarch");
        String host = "127.0.0.1:" + registry.port();
        skopeo("copy", "--all", "--dest-tls-verify=false", "oci:" + layout + ":latest",
                "docker://" + host + "/library/busybox:latest");

        String dom = Chromium.dumpDom(URI.create("http://" + host + "/"));

        assertThat(dom).contains("<h2 class=\"repository-name\">library/busybox</h2>")
                .contains("<span class=\"tag-name\">latest</span>")
                .contains("<span class=\"platform\">linux/amd64</span>")
                .contains("<span class=\"platform\">linux/arm64")
                .contains("docker pull " + host + "/library/busybox:latest");
        Index index = Index.parse(blob(layout, rootIndexDescriptor(layout)), Optional.empty());
        assertThat(dom).contains(rootIndexDescriptor(layout).digest().toString());
        assertThat(index.manifests()).hasSize(2);
        for (Descriptor m : index.manifests()) {
            assertThat(dom).contains("<code class=\"digest\">" + m.digest() + "</code>");
            Manifest manifest = Manifest.parse(blob(layout, m), Optional.of(m.mediaType()));
            List<Descriptor> shown = new ArrayList<>(manifest.layers());
            shown.add(manifest.config());
            for (Descriptor d : shown) {
                assertThat(dom).contains("<code class=\"digest\">" + d.digest() + "</code>")
                        .contains("data-bytes=\"" + d.size() + "\"")
                        .contains(d.mediaType());
            }
        }
    }

    @Test
    @Timeout(300)
    void withBasicAuth_thePageShowsOnlyToABrowserWithCredentials_andLogsTheUser() throws Exception {
        try (TestRegistry secured = TestRegistry.builder(root.resolve("secured")).basicAuth().user("alice", "s3cret")
                .start()) {
            skopeo("copy", "--dest-tls-verify=false", "--dest-creds", "alice:s3cret",
                    "oci:" + TestImages.layout("hello-world") + ":latest",
                    "docker://" + secured.host() + "/library/hello-world:latest");

            String withCredentials = Chromium.dumpDom(URI.create("http://alice:s3cret@" + secured.host() + "/"));
            String without = Chromium.dumpDom(URI.create(secured.url("/")));

            assertThat(withCredentials).contains("<h2 class=\"repository-name\">library/hello-world</h2>");
            assertThat(without).doesNotContain("library/hello-world");
            secured.close();
            assertThat(Files.readAllLines(secured.dir().resolve("access.log"))).anySatisfy(line -> assertThat(line)
                    .contains("\"path\":\"/\"").contains("\"status\":200").contains("\"user\":\"alice\""));
        }
    }

    private static Descriptor rootIndexDescriptor(Path layout) throws IOException {
        Index top = Index.parse(Files.readAllBytes(layout.resolve("index.json")), Optional.empty());
        return top.manifests().getFirst();
    }

    private static byte[] blob(Path layout, Descriptor d) throws IOException {
        return Files.readAllBytes(layout.resolve("blobs").resolve(d.digest().algorithm().id())
                .resolve(d.digest().encoded()));
    }

    private static void skopeo(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("skopeo %s: %s", String.join(" ", args), output).isZero();
    }
}
