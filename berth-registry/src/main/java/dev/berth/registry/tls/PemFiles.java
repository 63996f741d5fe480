package dev.berth.registry.tls;

import dev.berth.oci.error.BerthException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM files as openssl writes them (RFC 7468): certificate chains and PKCS#8 private keys, for TLS and for the token
 * signing key, with the check that a key belongs to its certificate (the JDK would only find out at the first use).
 */
public final class PemFiles {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    private PemFiles() {}

    /** The certificates of {@code file}, in order (leaf first in a chain). */
    public static List<X509Certificate> certificates(Path file, String what) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(file, "CERTIFICATE", what)) {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException e) {
            throw BerthException.invalid(what + " " + file + ": " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw BerthException.invalid(what + " " + file + ": no CERTIFICATE in the file");
        }
        return out;
    }

    /** The PKCS#8 key ({@code BEGIN PRIVATE KEY}) of {@code file}, of the algorithm of its certificate. */
    public static PrivateKey privateKey(Path file, String keyAlgorithm, String what) {
        List<byte[]> keys = blocks(file, "PRIVATE KEY", what);
        if (keys.isEmpty()) {
            throw BerthException.invalid(what + " " + file + ": expected a PKCS#8 PEM key (BEGIN PRIVATE KEY); "
                    + "convert with: openssl pkcs8 -topk8 -nocrypt -in KEY");
        }
        try {
            return KeyFactory.getInstance(keyAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(keys.getFirst()));
        } catch (GeneralSecurityException e) {
            throw BerthException.invalid(what + " " + file + ": not a " + keyAlgorithm + " private key: "
                    + e.getMessage());
        }
    }

    /** Fails unless {@code key} signs what {@code publicKey} verifies. */
    public static void checkPair(PrivateKey key, PublicKey publicKey, String what) {
        String algorithm = switch (publicKey.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> publicKey.getAlgorithm(); // Ed25519, Ed448 name their own signature
        };
        byte[] probe = "berth-registry key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(publicKey);
            verify.update(probe);
            if (verify.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            throw BerthException.invalid(what + ": key and certificate do not fit: " + e.getMessage());
        }
        throw BerthException.invalid(what + ": the key does not belong to the certificate");
    }

    private static List<byte[]> blocks(Path file, String type, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw BerthException.io("read " + what + " " + file, e);
        }
        List<byte[]> out = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                out.add(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        return out;
    }
}
