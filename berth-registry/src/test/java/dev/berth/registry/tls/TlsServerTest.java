package dev.berth.registry.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layout.TestImages;
import dev.berth.registry.testing.Cli;
import dev.berth.registry.testing.Http;
import dev.berth.registry.testing.OpensslCerts;
import dev.berth.registry.testing.TestRegistry;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry over HTTPS with an openssl-made certificate and key. */
class TlsServerTest {
    @TempDir
    Path dir;

    @Test
    void https_servesTheApi_andStreamsBlobsInChunks() throws Exception {
        OpensslCerts.KeyPair cert = OpensslCerts.ec(dir, "registry");
        try (TestRegistry r = TestRegistry.builder(dir.resolve("reg")).tls(cert.certificate(), cert.key()).start()) {
            Http https = new Http(trusting(cert.certificate()));
            assertThat(r.url("/v2/")).startsWith("https://");
            assertThat(https.send("GET", r.url("/v2/")).statusCode()).isEqualTo(200);
            byte[] blob = new byte[3 * 1024 * 1024 + 17];
            new Random(7).nextBytes(blob);
            Digest digest = Digest.sha256(blob);
            assertThat(https.send("POST", r.url("/v2/tls/app/blobs/uploads/?digest=" + digest), blob,
                    "Content-Type", "application/octet-stream").statusCode()).isEqualTo(201);
            HttpResponse<byte[]> got = https.getBytes(r.url("/v2/tls/app/blobs/" + digest));
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(blob);
            HttpResponse<byte[]> range = https.getBytes(r.url("/v2/tls/app/blobs/" + digest), "Range", "bytes=10-19");
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(blob, 10, 20));

            assertThatThrownBy(() -> new Http().send("GET", r.url("/v2/").replace("https:", "http:")))
                    .as("plain HTTP on the TLS port gets no answer").isInstanceOf(java.io.IOException.class);
            assertThat(https.send("GET", r.url("/healthz")).statusCode()).as("still serving").isEqualTo(200);
        }
    }

    @Test
    void skopeo_verifiesTheCertificate_andCopies() throws Exception {
        OpensslCerts.KeyPair cert = OpensslCerts.rsa(dir, "registry");
        Path certDir = Files.createDirectories(dir.resolve("certs.d"));
        Files.copy(cert.certificate(), certDir.resolve("ca.crt"));
        try (TestRegistry r = TestRegistry.builder(dir.resolve("reg")).tls(cert.certificate(), cert.key())
                .basicAuth().user("alice", "s3cret").start()) {
            String ref = "docker://" + r.host() + "/alice/busybox:latest";
            Cli.run("skopeo", "copy", "--dest-cert-dir", certDir.toString(), "--dest-creds", "alice:s3cret",
                    "oci:" + TestImages.layout("busybox") + ":latest", ref).requireSuccess();
            assertThat(Cli.run("skopeo", "inspect", "--cert-dir", certDir.toString(), "--creds", "alice:s3cret", ref)
                    .requireSuccess().output()).contains("\"Architecture\": \"amd64\"");
            Cli.Result untrusted = Cli.run("skopeo", "inspect", "--creds", "alice:s3cret", ref);
            assertThat(untrusted.exitCode()).isNotZero();
            assertThat(untrusted.output()).contains("certificate");
        }
    }

    @Test
    void tokenChallenge_pointsAtTheHttpsRealm() throws Exception {
        OpensslCerts.KeyPair cert = OpensslCerts.ec(dir, "registry");
        try (TestRegistry r = TestRegistry.builder(dir.resolve("reg")).tls(cert.certificate(), cert.key())
                .tokenAuth().user("alice", "s3cret").start()) {
            Http https = new Http(trusting(cert.certificate()));
            HttpResponse<String> challenge = https.send("GET", r.url("/v2/"));
            assertThat(challenge.statusCode()).isEqualTo(401);
            assertThat(challenge.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .startsWith("Bearer realm=\"https://" + r.host() + "/auth/token\"");
            Cli.run("skopeo", "copy", "--dest-cert-dir", certDir(cert).toString(), "--dest-creds", "alice:s3cret",
                    "oci:" + TestImages.layout("hello-world") + ":latest",
                    "docker://" + r.host() + "/alice/hello:latest").requireSuccess();
        }
    }

    private Path certDir(OpensslCerts.KeyPair cert) throws Exception {
        Path certDir = Files.createDirectories(dir.resolve("token-certs.d"));
        Files.copy(cert.certificate(), certDir.resolve("ca.crt"));
        return certDir;
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificate_failsAtStart() throws Exception {
        OpensslCerts.KeyPair a = OpensslCerts.ec(dir, "a");
        OpensslCerts.KeyPair b = OpensslCerts.ec(dir, "b");
        assertThatThrownBy(() -> new TlsConfig(a.certificate(), b.key()).serverContext())
                .isInstanceOf(BerthException.class).hasMessageContaining("tls:");
        assertThatThrownBy(() -> new TlsConfig(dir.resolve("missing.crt"), a.key()).serverContext())
                .isInstanceOf(BerthException.class).hasMessageContaining("cannot read");
    }

    static SSLContext trusting(Path certificate) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            store.setCertificateEntry("registry", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
