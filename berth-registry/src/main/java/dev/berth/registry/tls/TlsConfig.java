package dev.berth.registry.tls;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.oci.error.BerthException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * The {@code tls} section: serve HTTPS with a PEM certificate chain and its PKCS#8 PEM private key (as
 * {@code openssl req -x509 -newkey …} writes them).
 *
 * <pre>
 * tls:
 *   certificate: /etc/berth-registry/tls.crt
 *   key: /etc/berth-registry/tls.key
 * </pre>
 *
 * <p>TLS encrypts in user space, so a server with TLS on cannot send blobs with {@code sendfile}: it must stream them
 * in chunks instead of as a {@code FileRegion}.
 */
public record TlsConfig(Path certificate, Path key) {
    public TlsConfig {
        Objects.requireNonNull(certificate, "tls.certificate");
        Objects.requireNonNull(key, "tls.key");
    }

    @JsonCreator
    static TlsConfig fromYaml(@JsonProperty("certificate") Path certificate, @JsonProperty("key") Path key) {
        if (certificate == null || key == null) {
            throw new IllegalArgumentException("tls needs both certificate and key");
        }
        return new TlsConfig(certificate, key);
    }

    /** The server's TLS context (TLS 1.2 and 1.3, HTTP/1.1 only); unreadable or mismatched files: INVALID_ARGUMENT. */
    public SslContext serverContext() {
        for (Path file : new Path[] {certificate, key}) {
            if (!Files.isReadable(file)) {
                throw BerthException.invalid("tls: cannot read " + file);
            }
        }
        java.security.PublicKey publicKey = PemFiles.certificates(certificate, "tls certificate").getFirst()
                .getPublicKey();
        PemFiles.checkPair(PemFiles.privateKey(key, publicKey.getAlgorithm(), "tls key"), publicKey,
                "tls: key " + key + " and certificate " + certificate);
        try {
            return SslContextBuilder.forServer(certificate.toFile(), key.toFile())
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw BerthException.invalid("tls: certificate " + certificate + " and key " + key + ": " + e.getMessage());
        }
    }
}
