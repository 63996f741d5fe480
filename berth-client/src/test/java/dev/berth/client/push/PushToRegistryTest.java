package dev.berth.client.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.client.pull.PullOptions;
import dev.berth.client.pull.PulledImage;
import dev.berth.client.pull.Puller;
import dev.berth.client.registry.RegistryClient;
import dev.berth.client.registry.RegistryConfig;
import dev.berth.client.testing.DistributionRegistry;
import dev.berth.client.testing.Events;
import dev.berth.client.testing.TestTarget;
import dev.berth.oci.layout.TestImages;
import dev.berth.oci.reference.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** docker push against a real registry: uploads (monolithic and chunked), cross-repo mounts, existing layers. */
@Timeout(180)
class PushToRegistryTest {
    @TempDir
    Path tmp;


    @Test
    void pushToAnotherRepository_mountsKnownBlobs_uploadsOthers_andPullsBackTheSameImage() throws Exception {
        try (DistributionRegistry source = DistributionRegistry.open(tmp.resolve("src"));
                DistributionRegistry registry = DistributionRegistry.open(tmp.resolve("r"));
                RegistryClient client = new RegistryClient(RegistryConfig.defaults())) {
            source.push(TestImages.layout("busybox"), "library/busybox:latest");
            registry.push(TestImages.layout("busybox"), "library/busybox:latest");
            TestTarget local = new TestTarget(tmp.resolve("local"));
            // pulled from another registry: nothing to mount from, every blob is uploaded, in chunks
            Reference pulled = Reference.parse(source.host() + "/library/busybox:latest");
            PulledImage image = new Puller(client, local, PullOptions.defaults())
                    .pull(pulled, Optional.empty(), new Events());
            List<PushEvent> uploaded = Collections.synchronizedList(new ArrayList<>());
            Reference fresh = Reference.parse(registry.host() + "/team/uploaded:v1");
            new Pusher(client, local.content(), 5, 256 * 1024)
                    .push(new PushRequest(fresh, image.resolved(), Map.of()), uploaded::add);
            assertThat(uploaded.getFirst()).isEqualTo(new PushEvent.Refers(registry.host() + "/team/uploaded"));
            assertThat(uploaded).filteredOn(PushEvent.Pushed.class::isInstance)
                    .containsExactly(new PushEvent.Pushed(image.layers().getFirst().diffId()));
            assertThat(uploaded.getLast()).isEqualTo(new PushEvent.Done("v1", image.resolved(),
                    image.manifest().size()));

            // known to be in library/busybox on the target registry: mounted, not sent
            List<PushEvent> mounted = Collections.synchronizedList(new ArrayList<>());
            Map<dev.berth.oci.digest.Digest, List<Reference>> sources = image.layers().stream().collect(
                    Collectors.toMap(k -> k.blob().digest(),
                            k -> List.of(Reference.parse(registry.host() + "/library/busybox"))));
            new Pusher(client, local.content(), 5, 64 << 20).push(new PushRequest(
                    Reference.parse(registry.host() + "/team/mounted:v1"), image.resolved(), sources), mounted::add);
            assertThat(mounted).filteredOn(e -> e instanceof PushEvent.LayerEvent)
                    .extracting(PushEvent::status).contains("Mounted from library/busybox")
                    .doesNotContain("Pushed");

            // pushed again: every layer is there already
            List<PushEvent> again = Collections.synchronizedList(new ArrayList<>());
            new Pusher(client, local.content(), 5, 64 << 20)
                    .push(new PushRequest(fresh, image.resolved(), Map.of()), again::add);
            assertThat(again).filteredOn(e -> e instanceof PushEvent.LayerEvent && !(e instanceof PushEvent.Preparing))
                    .extracting(PushEvent::status).containsOnly("Layer already exists");

            // what the registry holds is the same image, byte for byte
            PulledImage back = new Puller(client, new TestTarget(tmp.resolve("back")), PullOptions.defaults())
                    .pull(fresh, Optional.empty(), new Events());
            assertThat(back.resolved()).isEqualTo(image.resolved());
            assertThat(back.id()).isEqualTo(image.id());
            String inspected = DistributionRegistry.run("skopeo", "inspect", "--tls-verify=false",
                    "docker://" + registry.host() + "/team/mounted:v1");
            assertThat(inspected).contains(image.resolved().toString());
        }
    }

    @Test
    void tokenMode_mountAsksForPullOnTheSourceRepository_andPushOnTheTarget() throws Exception {
        try (dev.berth.client.testing.TokenServer tokens = new dev.berth.client.testing.TokenServer(
                        tmp.resolve("t"), "bob", "pw");
                DistributionRegistry registry = DistributionRegistry.withTokenAuth(tmp.resolve("r"), tokens);
                RegistryClient client = new RegistryClient(RegistryConfig.defaults())) {
            registry.push(TestImages.layout("busybox"), "library/busybox:latest", "bob", "pw");
            Optional<dev.berth.client.auth.Credentials> bob = Optional.of(dev.berth.client.auth.Credentials.of("bob",
                    "pw"));
            TestTarget local = new TestTarget(tmp.resolve("local"));
            Reference source = Reference.parse(registry.host() + "/library/busybox");
            PulledImage image = new Puller(client, local, PullOptions.defaults())
                    .pull(source, Optional.empty(), bob, new Events());
            Map<dev.berth.oci.digest.Digest, List<Reference>> sources = image.layers().stream()
                    .collect(Collectors.toMap(k -> k.blob().digest(), k -> List.of(source)));
            List<PushEvent> events = Collections.synchronizedList(new ArrayList<>());
            new Pusher(client, local.content(), 5, 64 << 20).push(new PushRequest(
                    Reference.parse(registry.host() + "/bob/copy:1"), image.resolved(), sources, bob), events::add);
            assertThat(events).extracting(PushEvent::status).contains("Mounted from library/busybox");
            assertThat(tokens.requests()).anySatisfy(r -> {
                assertThat(r.user()).hasValue("bob");
                assertThat(r.scopes()).containsExactlyInAnyOrder("repository:bob/copy:pull,push",
                        "repository:library/busybox:pull");
            });
        }
    }
}
