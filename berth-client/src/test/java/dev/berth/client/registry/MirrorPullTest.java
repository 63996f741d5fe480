package dev.berth.client.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.client.pull.PullOptions;
import dev.berth.client.pull.Puller;
import dev.berth.client.testing.DistributionRegistry;
import dev.berth.client.testing.Events;
import dev.berth.client.testing.FrontProxy;
import dev.berth.client.testing.TestTarget;
import dev.berth.oci.layout.TestImages;
import dev.berth.oci.reference.Reference;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** registry-mirrors: the mirror serves what it has; what it lacks comes from the registry itself. */
@Timeout(120)
class MirrorPullTest {
    @TempDir
    Path tmp;

    @Test
    void mirrorServesWhatItHas_andThePullFallsBackToTheOriginForTheRest() throws Exception {
        try (DistributionRegistry origin = DistributionRegistry.open(tmp.resolve("origin"));
                DistributionRegistry mirror = DistributionRegistry.open(tmp.resolve("mirror"));
                FrontProxy originFront = new FrontProxy(origin.uri());
                FrontProxy mirrorFront = new FrontProxy(mirror.uri())) {
            origin.push(TestImages.layout("hello-world"), "library/hello-world:latest");
            origin.push(TestImages.layout("busybox"), "library/busybox:latest");
            mirror.push(TestImages.layout("hello-world"), "library/hello-world:latest");
            RegistryConfig config = RegistryConfig.defaults()
                    .withMirrors(originFront.host(), List.of(URI.create("http://" + mirrorFront.host())));
            try (RegistryClient client = new RegistryClient(config)) {
                TestTarget target = new TestTarget(tmp.resolve("t"));
                Puller puller = new Puller(client, target, PullOptions.defaults());

                puller.pull(Reference.parse(originFront.host() + "/library/hello-world"), Optional.empty(),
                        new Events());
                assertThat(mirrorFront.seen()).anySatisfy(s -> assertThat(s.path()).contains("/blobs/"));
                assertThat(originFront.seen()).noneSatisfy(s -> assertThat(s.path()).contains("/library/"));

                puller.pull(Reference.parse(originFront.host() + "/library/busybox"), Optional.empty(), new Events());
                assertThat(mirrorFront.seen()).anySatisfy(s -> assertThat(s.path())
                        .isEqualTo("/v2/library/busybox/manifests/latest"));
                assertThat(originFront.seen()).anySatisfy(s -> assertThat(s.path())
                        .isEqualTo("/v2/library/busybox/manifests/latest"));
                assertThat(target.images()).hasSize(2);
            }
        }
    }
}
