package dev.berth.engine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.auth.Credentials;
import dev.berth.client.pull.PullEvent;
import dev.berth.client.registry.SearchResult;
import dev.berth.engine.distribution.Distribution;
import dev.berth.engine.distribution.RegistryAuth;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Platform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code POST /images/create} (pull): docker's JSON progress messages from berth-client's pull events. */
public final class DistributionRoutes {
    private final Distribution distribution;

    public DistributionRoutes(Distribution distribution) {
        this.distribution = distribution;
    }

    public void register(Router router) {
        router.add("POST", "/images/create", this::create)
                .add("POST", "/images/(.+)/push", this::push)
                .add("GET", "/distribution/(.+)/json", this::inspect)
                .add("GET", "/images/search", this::search)
                .add("POST", "/auth", this::auth);
    }

    private void create(ApiRequest req, ApiResponse res) throws IOException {
        String from = req.query("fromImage").orElse("");
        if (from.isEmpty() && req.query("fromSrc").isPresent()) {
            importImage(req, res);
            return;
        }
        if (from.isEmpty()) {
            throw BerthException.invalid("either fromImage or fromSrc must be set");
        }
        Reference ref = reference(from, req.query("tag").orElse(""));
        Optional<Platform> platform = req.query("platform").filter(p -> !p.isBlank()).map(Platform::parse);
        Optional<Credentials> credentials = RegistryAuth.fromHeader(req.headers().get("X-Registry-Auth"));
        try (JsonMessages messages = new JsonMessages(res)) {
            Deferred first = new Deferred(messages);
            try {
                distribution.pull(ref, platform, credentials, first::accept);
            } catch (BerthException e) {
                if (!messages.started()) {
                    throw asNotFoundIfDenied(e);
                }
                messages.error(e.getMessage());
            }
            first.flush();
        }
    }

    /**
     * {@code POST /images/{name}/push?tag=}: pushes {@code name:tag}, or every tag of the repository when the tag is
     * empty, streaming docker's messages and the {@code aux} digest record the CLI prints last.
     */
    private void push(ApiRequest req, ApiResponse res) throws IOException {
        Reference repo = Reference.parse(req.param(0));
        String tag = req.query("tag").orElse("");
        List<Reference> targets = new ArrayList<>();
        if (!tag.isEmpty()) {
            targets.add(repo.nameOnly().withTag(tag));
        } else if (repo.tag().isPresent()) {
            targets.add(repo);
        } else {
            distribution.store().refs().stream().filter(r -> r.isTag() && r.reference().name().equals(repo.name()))
                    .forEach(r -> targets.add(r.reference()));
            if (targets.isEmpty()) {
                throw BerthException.notFound("An image does not exist locally with the tag: " + repo.familiarName());
            }
        }
        for (Reference t : targets) {
            distribution.store().find(t.toString()).orElseThrow(() -> BerthException.notFound(
                    "An image does not exist locally with the tag: " + t.familiarName()));
        }
        Optional<Credentials> credentials = RegistryAuth.fromHeader(req.headers().get("X-Registry-Auth"));
        try (JsonMessages messages = new JsonMessages(res)) {
            PushMessages progress = new PushMessages(messages);
            progress.start(repo.name());
            try {
                for (Reference t : targets) {
                    progress.pushed(distribution.push(t, credentials, progress));
                }
            } catch (RuntimeException e) {
                messages.error(e.getMessage());
            }
        }
    }

    private static ObjectNode status(Optional<String> id, String status) {
        return PushMessages.message(id, status);
    }

    /** {@code GET /images/search?term=&limit=&filters=}: docker's search results, in dockerd's field order. */
    private void search(ApiRequest req, ApiResponse res) {
        String term = req.query("term").orElse("");
        int limit = req.query("limit").filter(l -> !l.isEmpty()).map(l -> {
            try {
                return Integer.parseInt(l);
            } catch (NumberFormatException e) {
                throw BerthException.invalid("invalid limit " + l + ": " + e.getMessage());
            }
        }).orElse(Distribution.defaultSearchLimit());
        ArrayNode out = SystemRoutes.NODES.arrayNode();
        for (SearchResult r : distribution.search(term, limit, req.filters())) {
            out.addObject().put("star_count", r.starCount()).put("is_official", r.official()).put("name", r.name())
                    .put("is_automated", r.automated()).put("description", r.description());
        }
        res.json(io.netty.handler.codec.http.HttpResponseStatus.OK, out);
    }

    /** {@code POST /auth}: checks the credentials on the registry; {@code Login Succeeded}. */
    private void auth(ApiRequest req, ApiResponse res) {
        com.fasterxml.jackson.databind.JsonNode body = req.json()
                .orElseThrow(() -> BerthException.invalid("auth config is missing"));
        Credentials credentials = RegistryAuth.fromJson(body)
                .orElseThrow(() -> BerthException.invalid("username and password are required"));
        distribution.login(body.path("serveraddress").asText(""), credentials);
        ObjectNode out = SystemRoutes.NODES.objectNode();
        out.put("Status", "Login Succeeded");
        out.put("IdentityToken", "");
        res.json(io.netty.handler.codec.http.HttpResponseStatus.OK, out);
    }

    /** {@code GET /distribution/{name}/json}: what the registry serves for the name, and its platforms. */
    private void inspect(ApiRequest req, ApiResponse res) {
        Optional<Credentials> credentials = RegistryAuth.fromHeader(req.headers().get("X-Registry-Auth"));
        res.json(io.netty.handler.codec.http.HttpResponseStatus.OK,
                distribution.inspect(Reference.parse(req.param(0)).dockerRef(), credentials));
    }

    /**
     * {@code docker import}: the body is the root filesystem tar ({@code fromSrc=-}); URLs are not fetched. Answers
     * the new image's ID as a status message, which the CLI prints.
     */
    private void importImage(ApiRequest req, ApiResponse res) throws IOException {
        String source = req.query("fromSrc").orElseThrow();
        if (!source.equals("-")) {
            throw new BerthException(ErrorKind.NOT_IMPLEMENTED, "import from " + source
                    + ": only an uploaded tar (fromSrc=-) is supported");
        }
        Optional<Reference> ref = req.query("repo").filter(r -> !r.isEmpty())
                .map(r -> reference(r, req.query("tag").orElse("")).withDefaultTag());
        if (ref.isPresent() && ref.get().digest().isPresent()) {
            throw BerthException.invalid("cannot import with a digest reference");
        }
        dev.berth.oci.digest.Digest id = new dev.berth.engine.image.ImageImporter(distribution.store())
                .importTar(req.body(), ref, source);
        try (JsonMessages messages = new JsonMessages(res)) {
            messages.send(status(Optional.empty(), id.toString()));
        }
    }

    /**
     * dockerd's {@code translatePullError}: a registry that refuses the name answers as if it had none (404), which
     * the docker CLI reports; a 401 would make it prompt for a login in the middle of a pull.
     */
    private static BerthException asNotFoundIfDenied(BerthException e) {
        return e.kind() == ErrorKind.UNAUTHORIZED || e.kind() == ErrorKind.DENIED
                ? new BerthException(ErrorKind.NOT_FOUND, e.getMessage(), e) : e;
    }

    /**
     * docker's pull reference: {@code fromImage} with {@code tag} (a tag, or a digest docker appends with @); what is
     * not a valid digest is taken as a tag, so that it fails as dockerd's does ({@code invalid tag format}).
     */
    static Reference reference(String from, String tag) {
        Reference ref = Reference.parse(from);
        if (tag.isEmpty()) {
            return ref;
        }
        if (dev.berth.oci.digest.Digest.isValid(tag)) {
            return ref.nameOnly().withDigest(dev.berth.oci.digest.Digest.parse(tag));
        }
        return ref.withTag(tag);
    }

    /**
     * Holds back the {@code Pulling from} line until something follows it, so that a pull failing at once (an
     * unknown tag) is a plain error response with its status code, as dockerd answers before it streams.
     */
    private static final class Deferred {
        private final JsonMessages messages;
        private Optional<PullEvent> held = Optional.empty();
        private boolean passed;

        Deferred(JsonMessages messages) {
            this.messages = messages;
        }

        void accept(PullEvent e) {
            if (!passed && e instanceof PullEvent.PullingFrom) {
                held = Optional.of(e);
                return;
            }
            flush();
            messages.send(json(e));
        }

        void flush() {
            passed = true;
            held.ifPresent(h -> messages.send(json(h)));
            held = Optional.empty();
        }
    }

    static ObjectNode json(PullEvent e) {
        ObjectNode n = SystemRoutes.NODES.objectNode();
        n.put("status", e.status());
        e.progress().ifPresentOrElse(p -> {
            ObjectNode d = n.putObject("progressDetail");
            d.put("current", p.current());
            d.put("total", p.total());
        }, () -> {
            if (e instanceof PullEvent.LayerEvent) {
                n.putObject("progressDetail");
            }
        });
        e.id().ifPresent(id -> n.put("id", id));
        return n;
    }
}
