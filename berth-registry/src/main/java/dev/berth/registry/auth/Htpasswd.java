package dev.berth.registry.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The users of an Apache htpasswd file written with {@code htpasswd -B} (bcrypt, {@code $2y$}), as distribution's
 * htpasswd auth reads it. Other hash formats are refused at load: they are not safe to store passwords with.
 *
 * <p>The file is read again when its modification time changes, so users can be added without a restart. bcrypt is
 * slow on purpose and clients send their password on every request, so a successful check is remembered as an HMAC of
 * the password under a key that lives only in this process.
 */
public final class Htpasswd {
    private static final byte[] UNKNOWN_USER_HASH =
            BCrypt.withDefaults().hash(5, "no such user".getBytes(StandardCharsets.UTF_8));
    private final Path file;
    private final byte[] cacheKey = new byte[32];
    private volatile Snapshot snapshot;

    private record Snapshot(FileTime modified, Map<String, String> hashes, Map<String, byte[]> verified) {}

    private Htpasswd(Path file) {
        this.file = file;
        new SecureRandom().nextBytes(cacheKey);
        this.snapshot = read(file);
    }

    /** Loads {@code file}; a missing file or a line that is not {@code user:$2y$...} is INVALID_ARGUMENT. */
    public static Htpasswd load(Path file) {
        return new Htpasswd(file);
    }

    public Path file() {
        return file;
    }

    /** Whether {@code user} exists and {@code password} is theirs. */
    public boolean verify(String user, String password) {
        Snapshot current = current();
        String hash = current.hashes.get(user);
        if (hash == null) {
            // Spend a bcrypt check anyway, so response times do not tell which user names exist.
            BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8), UNKNOWN_USER_HASH);
            return false;
        }
        byte[] mac = mac(user, password);
        byte[] known = current.verified.get(user);
        if (known != null && MessageDigest.isEqual(known, mac)) {
            return true;
        }
        boolean ok = BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                hash.getBytes(StandardCharsets.US_ASCII)).verified;
        if (ok) {
            current.verified.put(user, mac);
        }
        return ok;
    }

    private Snapshot current() {
        Snapshot known = snapshot;
        Optional<FileTime> modified = modified(file);
        if (modified.isPresent() && !modified.get().equals(known.modified)) {
            synchronized (this) {
                if (snapshot == known) {
                    snapshot = read(file);
                }
                return snapshot;
            }
        }
        return known;
    }

    private static Snapshot read(Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            Map<String, String> hashes = new HashMap<>();
            int lineNo = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNo++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int colon = trimmed.indexOf(':');
                String hash = colon < 0 ? "" : trimmed.substring(colon + 1);
                if (colon <= 0 || !(hash.startsWith("$2y$") || hash.startsWith("$2a$") || hash.startsWith("$2b$"))) {
                    throw BerthException.invalid("htpasswd " + file + " line " + lineNo
                            + ": expected user:bcrypt-hash (create it with htpasswd -B)");
                }
                hashes.put(trimmed.substring(0, colon), hash);
            }
            return new Snapshot(modified, Map.copyOf(hashes), new ConcurrentHashMap<>());
        } catch (IOException e) {
            throw BerthException.io("read htpasswd " + file, e);
        }
    }

    private static Optional<FileTime> modified(Path file) {
        try {
            return Optional.of(Files.getLastModifiedTime(file));
        } catch (IOException e) {
            // The file is being replaced (or was removed): keep serving with the users last read.
            return Optional.empty();
        }
    }

    private byte[] mac(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
