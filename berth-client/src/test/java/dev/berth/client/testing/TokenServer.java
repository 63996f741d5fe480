package dev.berth.client.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import java.util.Optional;
import java.util.UUID;

/**
 * A token server of the distribution token protocol, as Docker Hub's {@code auth.docker.io}: {@code GET /token
 * ?service=&scope=} with optional Basic credentials answers {@code {"token","access_token","expires_in","issued_at"}},
 * a JWT signed RS256 with a generated key whose self-signed certificate is in the {@code x5c} header (distribution 2.8
 * verifies it against {@code rootcertbundle}). Anonymous callers get pull access; the one user gets what it asks for.
 */
public final class TokenServer implements AutoCloseable {
    public static final String SERVICE = "berth-test-registry";
    public static final String ISSUER = "berth-test-issuer";

    /** One token request as received. */
    public record Request(Optional<String> user, List<String> scopes) {}

    private final HttpServer server;
    private final PrivateKey key;
    private final String certificateDer;
    private final Path certificate;
    private final String user;
    private final String password;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile long expiresIn = 300;

    public TokenServer(Path dir, String user, String password) throws IOException {
        Files.createDirectories(dir);
        this.certificate = dir.resolve("token-cert.pem");
        Path keyFile = dir.resolve("token-key.pem");
        DistributionRegistry.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                keyFile.toString(), "-out", certificate.toString(), "-days", "2", "-subj", "/CN=berth-token");
        this.key = privateKey(Files.readString(keyFile));
        this.certificateDer = pemBody(Files.readString(certificate));
        this.user = user;
        this.password = password;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/token", this::token);
        server.start();
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public Path certificate() {
        return certificate;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The identity token (OAuth2 refresh token) a {@code docker login} of the user would have stored. */
    public String refreshToken() {
        return "refresh-" + user;
    }

    public void expiresIn(long seconds) {
        this.expiresIn = seconds;
    }

    private void token(HttpExchange ex) throws IOException {
        try (ex) {
            boolean oauth = ex.getRequestMethod().equals("POST");
            String form = oauth ? new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) : "";
            Optional<String> caller = oauth
                    ? query(form, "refresh_token").stream().filter(t -> t.equals(refreshToken())).map(t -> user)
                            .findFirst()
                    : basicUser(ex.getRequestHeaders().getFirst("Authorization"));
            List<String> scopes = oauth
                    ? query(form, "scope").stream().flatMap(sc -> java.util.Arrays.stream(sc.split(" "))).toList()
                    : query(ex.getRequestURI().getRawQuery(), "scope");
            requests.add(new Request(caller, scopes));
            if ((oauth || ex.getRequestHeaders().containsKey("Authorization")) && caller.isEmpty()) {
                byte[] body = "{\"details\":\"incorrect username or password\"}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(401, body.length);
                ex.getResponseBody().write(body);
                return;
            }
            byte[] body = Json.bytes(response(caller, scopes));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
    }

    private ObjectNode response(Optional<String> caller, List<String> scopes) {
        Instant now = Instant.now();
        ObjectNode header = Json.MAPPER.createObjectNode().put("typ", "JWT").put("alg", "RS256");
        header.putArray("x5c").add(certificateDer);
        ObjectNode claims = Json.MAPPER.createObjectNode()
                .put("iss", ISSUER).put("sub", caller.orElse("")).put("aud", SERVICE)
                .put("exp", now.getEpochSecond() + expiresIn).put("nbf", now.getEpochSecond() - 1)
                .put("iat", now.getEpochSecond()).put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            if (parts.length != 3) {
                continue;
            }
            ObjectNode a = access.addObject().put("type", parts[0]).put("name", parts[1]);
            ArrayNode actions = a.putArray("actions");
            for (String action : parts[2].split(",")) {
                if (caller.isPresent() || action.equals("pull")) {
                    actions.add(action);
                }
            }
        }
        String signingInput = b64(Json.bytes(header)) + "." + b64(Json.bytes(claims));
        String token = signingInput + "." + b64(sign(signingInput));
        return Json.MAPPER.createObjectNode().put("token", token).put("access_token", token)
                .put("expires_in", expiresIn).put("issued_at", now.toString());
    }

    private Optional<String> basicUser(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return Optional.empty();
        }
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        return decoded.equals(user + ":" + password) ? Optional.of(user) : Optional.empty();
    }

    private byte[] sign(String input) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return s.sign();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> query(String raw, String name) {
        List<String> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                out.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String pemBody(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    private static PrivateKey privateKey(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pemBody(pem))));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("read generated token key", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

}
