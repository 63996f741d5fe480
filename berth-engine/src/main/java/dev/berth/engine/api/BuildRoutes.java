package dev.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.auth.Credentials;
import dev.berth.engine.build.BuildOptions;
import dev.berth.engine.build.BuildProgress;
import dev.berth.engine.build.Builder;
import dev.berth.engine.build.context.BuildContext;
import dev.berth.engine.build.dockerfile.Dockerfile;
import dev.berth.engine.distribution.Distribution;
import dev.berth.engine.distribution.RegistryAuth;
import dev.berth.engine.image.ImageRecord;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Json;
import dev.berth.oci.spec.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classic builder's {@code POST /build}: the body is the context tar, the query {@code t} (repeated),
 * {@code dockerfile}, {@code buildargs} and {@code labels} (JSON objects), {@code nocache}, {@code pull},
 * {@code target}, {@code platform}, {@code q} ({@code rm} and {@code forcerm} are accepted: build containers are
 * always removed). buildkit's {@code outputs} ({@code [{"Type": "image", "Attrs": {"push": "true"}}]}, or type
 * {@code registry}) pushes each tag after the build, with the credentials of the {@code X-Registry-Config} header;
 * several platforms ({@code platform=linux/amd64,linux/arm64}) build once each and push an image index, so they need
 * a push (the image store keeps one image per tag). The answer streams docker's JSON messages — {@code {"stream": "Step 1/3 : FROM busybox\n"}},
 * RUN output (stderr in red, as dockerd marks it), {@code {"aux": {"ID": "sha256:…"}}} — and a failure after the
 * first message is {@code {"errorDetail": {"code": N, "message": …}, "error": …}}, N the failed RUN's exit code.
 */
public final class BuildRoutes {
    private static final Pattern EXIT_CODE = Pattern.compile("returned a non-zero code: (\\d+)$");

    private final Builder builder;
    private final Distribution distribution;

    public BuildRoutes(Builder builder, Distribution distribution) {
        this.builder = builder;
        this.distribution = distribution;
    }

    public void register(Router router) {
        router.add("POST", "/build", this::build);
    }

    private void build(ApiRequest req, ApiResponse res) throws IOException {
        BuildOptions options = options(req);
        List<Platform> platforms = platforms(req);
        boolean push = push(req);
        if (platforms.size() > 1 && !push) {
            throw BerthException.invalid("a build for several platforms needs a push (outputs type=image,push=true):"
                    + " the image store keeps one image per tag, the registry keeps the index");
        }
        if (push && options.tags().isEmpty()) {
            throw BerthException.invalid("tag is needed when pushing to registry");
        }
        if (platforms.size() == 1) {
            options = options.withPlatform(platforms.getFirst());
        }
        String registryConfig = req.headers().get("X-Registry-Config");
        boolean quiet = req.flag("q");
        Path dir = builder.newContextDir();
        try (JsonMessages messages = new JsonMessages(res)) {
            BuildContext context = BuildContext.unpack(req.body(), dir);
            Dockerfile dockerfile = builder.dockerfile(context, options);
            try {
                BuildProgress progress = quiet ? BuildProgress.NONE : progress(messages);
                List<Digest> ids = platforms.size() > 1
                        ? builder.buildPlatforms(context, dockerfile, options, platforms, progress)
                        : List.of(builder.build(context, dockerfile, options, progress));
                if (push) {
                    push(options.tags(), ids, registryConfig, new PushMessages(messages));
                }
                for (Digest id : ids) {
                    ObjectNode aux = Json.MAPPER.createObjectNode();
                    aux.putObject("aux").put("ID", id.toString());
                    messages.send(aux);
                    if (quiet) {
                        messages.stream(id.toString());
                    }
                }
            } catch (RuntimeException e) {
                if (!messages.started()) {
                    throw e;
                }
                ObjectNode n = Json.MAPPER.createObjectNode();
                ObjectNode detail = n.putObject("errorDetail");
                Matcher m = EXIT_CODE.matcher(e.getMessage() == null ? "" : e.getMessage());
                if (m.find()) {
                    detail.put("code", Integer.parseInt(m.group(1)));
                }
                detail.put("message", String.valueOf(e.getMessage()));
                n.put("error", String.valueOf(e.getMessage()));
                messages.send(n);
            }
        } finally {
            builder.removeContextDir(dir);
        }
    }

    /** Pushes each tag: the image, or with several images (one per platform) an index of them. */
    private void push(List<Reference> tags, List<Digest> ids, String registryConfig, PushMessages progress) {
        for (Reference tag : tags) {
            Optional<Credentials> credentials = RegistryAuth.fromConfigHeader(registryConfig, tag.domain());
            progress.start(tag.name());
            if (ids.size() == 1) {
                progress.pushed(distribution.push(tag, credentials, progress));
            } else {
                List<ImageRecord> images = ids.stream().map(id -> distribution.store().get(id.toString())).toList();
                progress.pushed(distribution.pushIndex(tag, images, credentials, progress));
            }
        }
    }

    /** {@code platform}: one platform, or several separated by commas; none means the host's. */
    static List<Platform> platforms(ApiRequest req) {
        String raw = req.query("platform").orElse("");
        List<Platform> out = new ArrayList<>();
        for (String p : raw.split(",")) {
            if (!p.isBlank()) {
                Platform platform = Platform.parse(p.strip());
                if (!out.contains(platform)) {
                    out.add(platform);
                }
            }
        }
        return out;
    }

    /** Whether buildkit's {@code outputs} asks for a push: an {@code image} output with push, or {@code registry}. */
    static boolean push(ApiRequest req) {
        Optional<String> raw = req.query("outputs").filter(s -> !s.isBlank());
        if (raw.isEmpty()) {
            return false;
        }
        JsonNode outputs;
        try {
            outputs = Json.MAPPER.readTree(raw.get());
        } catch (IOException e) {
            throw BerthException.invalid("invalid outputs: " + e.getMessage());
        }
        if (!outputs.isArray() || outputs.size() > 1) {
            throw BerthException.invalid("outputs must be an array of at most one output");
        }
        boolean push = false;
        for (JsonNode o : outputs) {
            String type = o.path("Type").asText(o.path("type").asText(""));
            JsonNode attrs = o.has("Attrs") ? o.path("Attrs") : o.path("attrs");
            switch (type) {
                case "registry" -> push = true;
                case "image" -> push = attrs.path("push").asText("false").equals("true");
                default -> throw BerthException.invalid("output type " + type + " is not supported: berthd builds"
                        + " into its image store (type image) and pushes (type registry, or image with push=true)");
            }
        }
        return push;
    }

    private static BuildProgress progress(JsonMessages messages) {
        return new BuildProgress() {
            @Override
            public void stream(String text) {
                ObjectNode n = Json.MAPPER.createObjectNode();
                n.put("stream", text);
                messages.send(n);
            }

            @Override
            public void output(String text, boolean stderr) {
                stream(stderr ? "\u001b[91m" + text + "\u001b[0m" : text);
            }
        };
    }

    static BuildOptions options(ApiRequest req) {
        List<Reference> tags = new ArrayList<>();
        for (String t : req.queryAll("t")) {
            if (t.isEmpty()) {
                continue;
            }
            if (!Reference.isValid(t)) {
                throw BerthException.invalid("invalid reference format: " + t);
            }
            Reference ref = Reference.parse(t);
            if (ref.digest().isPresent()) {
                throw BerthException.invalid("invalid reference format: " + t);
            }
            tags.add(ref.withDefaultTag());
        }
        Map<String, Optional<String>> args = new LinkedHashMap<>();
        jsonObject(req, "buildargs").fields().forEachRemaining(e -> args.put(e.getKey(),
                e.getValue().isNull() ? Optional.empty() : Optional.of(e.getValue().asText())));
        Map<String, String> labels = new LinkedHashMap<>();
        jsonObject(req, "labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new BuildOptions(req.query("dockerfile").filter(d -> !d.isEmpty()).orElse("Dockerfile"), tags, args,
                labels, req.flag("nocache"), req.flag("pull"), req.query("target").filter(t -> !t.isEmpty()),
                Optional.empty());
    }

    private static JsonNode jsonObject(ApiRequest req, String name) {
        Optional<String> raw = req.query(name).filter(s -> !s.isEmpty());
        if (raw.isEmpty()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(raw.get());
            if (!n.isObject()) {
                throw BerthException.invalid(name + " must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw BerthException.invalid("invalid " + name + ": " + e.getMessage());
        }
    }
}
