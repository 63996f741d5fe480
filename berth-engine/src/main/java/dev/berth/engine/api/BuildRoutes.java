package dev.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.build.BuildOptions;
import dev.berth.engine.build.BuildProgress;
import dev.berth.engine.build.Builder;
import dev.berth.engine.build.context.BuildContext;
import dev.berth.engine.build.dockerfile.Dockerfile;
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
 * always removed). The answer streams docker's JSON messages — {@code {"stream": "Step 1/3 : FROM busybox\n"}},
 * RUN output (stderr in red, as dockerd marks it), {@code {"aux": {"ID": "sha256:…"}}} — and a failure after the
 * first message is {@code {"errorDetail": {"code": N, "message": …}, "error": …}}, N the failed RUN's exit code.
 */
public final class BuildRoutes {
    private static final Pattern EXIT_CODE = Pattern.compile("returned a non-zero code: (\\d+)$");

    private final Builder builder;

    public BuildRoutes(Builder builder) {
        this.builder = builder;
    }

    public void register(Router router) {
        router.add("POST", "/build", this::build);
    }

    private void build(ApiRequest req, ApiResponse res) throws IOException {
        BuildOptions options = options(req);
        boolean quiet = req.flag("q");
        Path dir = builder.newContextDir();
        try (JsonMessages messages = new JsonMessages(res)) {
            BuildContext context = BuildContext.unpack(req.body(), dir);
            Dockerfile dockerfile = builder.dockerfile(context, options);
            try {
                Digest id = builder.build(context, dockerfile, options, quiet ? BuildProgress.NONE
                        : progress(messages));
                ObjectNode aux = Json.MAPPER.createObjectNode();
                aux.putObject("aux").put("ID", id.toString());
                messages.send(aux);
                if (quiet) {
                    messages.stream(id.toString());
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
                req.query("platform").filter(p -> !p.isEmpty()).map(Platform::parse));
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
