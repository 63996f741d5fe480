package dev.berth.registry.auth;

import dev.berth.oci.error.BerthException;
import dev.berth.registry.tls.PemFiles;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The key tokens are signed with: ES256 (EC P-256) or RS256 (RSA), its key id and, when a certificate was given, the
 * chain that goes into the JWS {@code x5c} header.
 *
 * <p>The key id is libtrust's fingerprint of the public key (SHA-256 of the DER SubjectPublicKeyInfo, first 240 bits,
 * base32 in twelve colon-separated groups of four), which is what distribution 2.x looks a {@code kid} up by; with
 * {@code x5c} a registry that trusts the certificate's root (distribution's {@code rootcertbundle}) needs no key id.
 */
public record SigningKey(String algorithm, PrivateKey privateKey, PublicKey publicKey, String keyId,
        List<X509Certificate> chain) {
    public SigningKey {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(keyId, "keyId");
        chain = List.copyOf(chain);
        if (!algorithm.equals(algorithmOf(publicKey))) {
            throw new IllegalArgumentException("signing key: " + algorithm + " does not fit a "
                    + publicKey.getAlgorithm() + " key");
        }
    }

    /** A fresh EC P-256 key that lives as long as this process: tokens do not survive a restart, clients ask again. */
    public static SigningKey ephemeral() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return new SigningKey("ES256", pair.getPrivate(), pair.getPublic(), libtrustKeyId(pair.getPublic()),
                    List.of());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is part of every JDK", e);
        }
    }

    /**
     * Loads a PKCS#8 PEM private key ({@code BEGIN PRIVATE KEY}, as {@code openssl genpkey} writes it) and the PEM
     * certificate chain of its public key, leaf first.
     */
    public static SigningKey load(Path keyFile, Path certificateFile) {
        List<X509Certificate> chain = PemFiles.certificates(certificateFile, "token certificate");
        PublicKey publicKey = chain.getFirst().getPublicKey();
        PrivateKey privateKey = PemFiles.privateKey(keyFile, publicKey.getAlgorithm(), "token key");
        String algorithm = algorithmOf(publicKey);
        if (algorithm.isEmpty()) {
            throw BerthException.invalid("token certificate " + certificateFile
                    + ": the key must be EC P-256 (ES256) or RSA (RS256), not " + publicKey.getAlgorithm());
        }
        PemFiles.checkPair(privateKey, publicKey, "token key " + keyFile + " and certificate " + certificateFile);
        return new SigningKey(algorithm, privateKey, publicKey, libtrustKeyId(publicKey), chain);
    }

    /** The JWS signature of {@code signingInput} (for ES256 the raw R||S form JWS uses, not DER). */
    public byte[] sign(byte[] signingInput) {
        try {
            Signature signature = Signature.getInstance(jcaName(algorithm));
            signature.initSign(privateKey);
            signature.update(signingInput);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sign token with " + algorithm, e);
        }
    }

    /** Whether {@code signatureBytes} is this key's JWS signature of {@code signingInput}. */
    public boolean verifies(byte[] signingInput, byte[] signatureBytes) {
        try {
            Signature signature = Signature.getInstance(jcaName(algorithm));
            signature.initVerify(publicKey);
            signature.update(signingInput);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException e) {
            // A signature of the wrong length or form is a forged token, not a server fault.
            return false;
        }
    }

    /** The chain as the JWS {@code x5c} header carries it: base64 (not URL-safe) DER, leaf first. */
    public List<String> x5c() {
        List<String> out = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            try {
                out.add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
            } catch (CertificateException e) {
                throw new IllegalStateException("encode certificate " + certificate.getSubjectX500Principal(), e);
            }
        }
        return out;
    }

    static String libtrustKeyId(PublicKey key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            String base32 = base32(hash, 30);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < base32.length(); i += 4) {
                if (i > 0) {
                    out.append(':');
                }
                out.append(base32, i, i + 4);
            }
            return out.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String base32(byte[] bytes, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < length; i++) {
            buffer = (buffer << 8) | (bytes[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        return out.toString();
    }

    private static String algorithmOf(PublicKey key) {
        return switch (key) {
            case ECPublicKey ec when ec.getParams().getCurve().getField().getFieldSize() == 256 -> "ES256";
            case RSAPublicKey rsa -> "RS256";
            default -> "";
        };
    }

    static String jcaName(String algorithm) {
        return switch (algorithm) {
            case "ES256" -> "SHA256withECDSAinP1363Format";
            case "RS256" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("unsupported JWS algorithm " + algorithm);
        };
    }
}
