package dev.berth.registry.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Self-signed certificates and keys made by the real {@code openssl}, for TLS and token-signing tests. */
public final class OpensslCerts {
    /** A PEM certificate and its PKCS#8 PEM key. */
    public record KeyPair(Path certificate, Path key) {}

    private OpensslCerts() {}

    /** An EC P-256 certificate for {@code 127.0.0.1} and {@code localhost}. */
    public static KeyPair ec(Path dir, String name) throws IOException, InterruptedException {
        return make(dir, name, "ec", "-pkeyopt", "ec_paramgen_curve:P-256");
    }

    /** An RSA 2048 certificate for {@code 127.0.0.1} and {@code localhost}. */
    public static KeyPair rsa(Path dir, String name) throws IOException, InterruptedException {
        return make(dir, name, "rsa:2048");
    }

    private static KeyPair make(Path dir, String name, String keyType, String... keyOptions)
            throws IOException, InterruptedException {
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", keyType));
        command.addAll(List.of(keyOptions));
        command.addAll(List.of("-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2",
                "-subj", "/CN=" + name, "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("openssl req failed: " + out);
        }
        return new KeyPair(cert, key);
    }
}
