package dev.berth.registry.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.spec.Descriptor;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.storage.RegistryStorage;
import dev.berth.registry.testing.StorageImages;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryPageTest {
    private static final RepositoryName APP = RepositoryName.of("team/app");

    @TempDir
    Path root;

    RegistryStorage storage;
    StorageImages push;
    RegistryPage page;

    @BeforeEach
    void open() {
        storage = RegistryStorage.open(root);
        push = new StorageImages(storage);
        page = new RegistryPage(storage);
    }

    private String render(int n, Optional<String> last) {
        return page.render(new RegistryPage.Request(n, last, "registry.test:5000"));
    }

    @Test
    void showsRepositories_tags_andEachImagesTree() {
        Descriptor amd64Layer = push.layer(APP, "amd64 layer bytes");
        Descriptor amd64 = push.image(APP, "amd64", amd64Layer);
        Descriptor arm64 = push.image(APP, "arm64", push.layer(APP, "arm64 layer"));
        Descriptor index = push.index(APP, amd64, arm64);
        push.tag(APP, "latest", index);

        String html = render(20, Optional.empty());

        assertThat(html).startsWith("<!DOCTYPE html>").contains("1 repository")
                .contains("<h2 class=\"repository-name\">team/app</h2>")
                .contains("<span class=\"tag-name\">latest</span>")
                .contains("docker pull registry.test:5000/team/app:latest")
                .contains("<span class=\"kind\">index</span>")
                .contains("<span class=\"platform\">linux/amd64</span>", "<span class=\"platform\">linux/arm64</span>")
                .contains("<span class=\"kind\">config</span>", "<span class=\"kind\">layer</span>")
                .contains(index.digest().toString(), amd64.digest().toString(), arm64.digest().toString())
                .contains("<code class=\"digest\">" + amd64Layer.digest() + "</code>")
                .contains("data-bytes=\"" + amd64Layer.size() + "\"")
                .contains("application/vnd.oci.image.layer.v1.tar+gzip");
        assertThat(html.indexOf(index.digest().toString())).isLessThan(html.indexOf(amd64.digest().toString()));
        assertThat(html.indexOf(amd64.digest().toString())).isLessThan(html.indexOf(amd64Layer.digest().toString()));
    }

    @Test
    void escapesEverythingThatCameFromAClient() {
        Descriptor evil = push.blob(APP, "layer", "application/x-<script>alert(1)</script>&\"'");
        push.tag(APP, "v1", push.image(APP, "evil", evil));

        String html = render(20, Optional.empty());

        assertThat(html).doesNotContain("<script>").doesNotContain("alert(1)</")
                .contains("application/x-&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;");
    }

    @Test
    void pagesRepositoriesLikeTheCatalog() {
        for (String name : new String[] {"a/one", "b/two", "c/three"}) {
            RepositoryName repo = RepositoryName.of(name);
            push.tag(repo, "latest", push.image(repo, name, push.layer(repo, name)));
        }

        String first = render(2, Optional.empty());
        assertThat(first).contains("a/one", "b/two").doesNotContain("c/three")
                .contains("<a rel=\"next\" href=\"/?n=2&amp;last=b%2Ftwo\">");
        String second = render(2, Optional.of("b/two"));
        assertThat(second).contains("c/three").doesNotContain("a/one").doesNotContain("rel=\"next\"");
    }

    @Test
    void saysWhenThereIsNothingYet_orWhenATagsManifestIsGone() {
        assertThat(render(20, Optional.empty())).contains("0 repositories", "No repositories yet");

        Descriptor image = push.image(APP, "x", push.layer(APP, "x"));
        push.tag(APP, "gone", image);
        storage.manifests().delete(APP, image.digest());
        assertThat(render(20, Optional.empty())).contains("manifest " + image.digest() + " not in this repository");
    }

    @Test
    void humanSizes() {
        assertThat(RegistryPage.human(0)).isEqualTo("0 B");
        assertThat(RegistryPage.human(1023)).isEqualTo("1023 B");
        assertThat(RegistryPage.human(1536)).isEqualTo("1.50 KiB");
        assertThat(RegistryPage.human(2_155_812)).isEqualTo("2.06 MiB");
        assertThat(RegistryPage.human(300L << 30)).isEqualTo("300 GiB");
    }
}
