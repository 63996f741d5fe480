package dev.berth.client.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Endpoint choice only: nothing here opens a connection. */
class RegistryHostsTest {
    @Test
    void dockerHub_isServedByRegistry1_overHttps() {
        Endpoint e = new RegistryHosts(RegistryConfig.defaults()).origin("docker.io");
        assertThat(e.base()).isEqualTo(URI.create("https://registry-1.docker.io"));
        assertThat(e.credentialHost()).isEqualTo("docker.io");
        assertThat(e.resolve("library/busybox/manifests/latest"))
                .isEqualTo(URI.create("https://registry-1.docker.io/v2/library/busybox/manifests/latest"));
    }

    @Test
    void anOfficialImageName_isPulledFromDockerHub_withDockerHubsLogin() {
        try (RegistryClient client = new RegistryClient(RegistryConfig.defaults())) {
            Repository repo = client.forPull(dev.berth.oci.reference.Reference.parse("busybox"));
            assertThat(repo.path()).isEqualTo("library/busybox");
            assertThat(repo.endpoints()).containsExactly(
                    new Endpoint(URI.create("https://registry-1.docker.io"), "docker.io", false));
        }
    }

    @Test
    void loopback_isPlainHttp_otherHostsHttps_unlessInsecure() {
        RegistryHosts hosts = new RegistryHosts(RegistryConfig.defaults()
                .withInsecureRegistries(List.of("build.example:5000", "10.1.0.0/16", "plain.example")));
        assertThat(hosts.origin("localhost:5000").base().getScheme()).isEqualTo("http");
        assertThat(hosts.origin("127.0.0.1:5000").base().getScheme()).isEqualTo("http");
        assertThat(hosts.origin("127.9.9.9").base().getScheme()).isEqualTo("http");
        assertThat(hosts.origin("[::1]:5000").base().getScheme()).isEqualTo("http");
        assertThat(hosts.origin("build.example:5000").base().getScheme()).isEqualTo("http");
        assertThat(hosts.origin("plain.example:443").base().getScheme()).isEqualTo("http");
        assertThat(hosts.origin("10.1.200.3:5000").base().getScheme()).isEqualTo("http");
        assertThat(hosts.origin("10.2.0.1:5000").base().getScheme()).isEqualTo("https");
        assertThat(hosts.origin("build.example:5001").base().getScheme()).isEqualTo("https");
        assertThat(hosts.origin("quay.io").base()).isEqualTo(URI.create("https://quay.io"));
    }

    @Test
    void dockerHubMirrors_comeFirst_andOnlyForDockerHub() {
        RegistryHosts hosts = new RegistryHosts(RegistryConfig.defaults()
                .withDockerHubMirrors(List.of(URI.create("https://mirror.example/prefix/"))));
        List<Endpoint> hub = hosts.pullEndpoints("docker.io");
        assertThat(hub).extracting(Endpoint::base).containsExactly(URI.create("https://mirror.example/prefix"),
                URI.create("https://registry-1.docker.io"));
        assertThat(hub.getFirst().mirror()).isTrue();
        assertThat(hub.getFirst().resolve("library/x/blobs/sha256:00"))
                .isEqualTo(URI.create("https://mirror.example/prefix/v2/library/x/blobs/sha256:00"));
        assertThat(hosts.pullEndpoints("quay.io")).extracting(Endpoint::mirror).containsExactly(false);
    }

    @Test
    void sameOrigin_comparesSchemeHostAndEffectivePort() {
        assertThat(RegistryHttp.sameOrigin(URI.create("https://a/x"), URI.create("https://a:443/y"))).isTrue();
        assertThat(RegistryHttp.sameOrigin(URI.create("http://a:5000/x"), URI.create("http://a:5001/x"))).isFalse();
        assertThat(RegistryHttp.sameOrigin(URI.create("http://a/x"), URI.create("https://a/x"))).isFalse();
    }
}
