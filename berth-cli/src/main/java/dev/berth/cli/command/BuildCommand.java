package dev.berth.cli.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.cli.api.CliException;
import dev.berth.cli.api.HttpRequest;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import dev.berth.cli.api.RequestBody;
import dev.berth.oci.layer.LayerWriteOptions;
import dev.berth.oci.layer.LayerWriter;
import dev.berth.oci.spec.Compression;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code berth build [OPTIONS] PATH}: sends the context directory as a tar to the classic builder's
 * {@code POST /build} and shows its steps as docker does ({@code Step 3/7 : RUN …}, {@code ---> Using cache},
 * {@code Successfully built …}, {@code Successfully tagged …}). berthd applies {@code .dockerignore} itself, so the
 * whole directory is sent. A failed RUN exits with its exit code, as the docker CLI does. {@code --push} asks the
 * daemon to push each tag after the build (buildkit's {@code outputs}, with the stored credentials of the tags'
 * registries in {@code X-Registry-Config}); with several {@code --platform}s it pushes an image index.
 */
public final class BuildCommand extends DaemonCommand implements SpecifiedCommand {
    private static final Pattern EXIT_CODE = Pattern.compile("returned a non-zero code: (\\d+)$");

    private static final Flag TAG =
            new Flag(Flag.Kind.LIST, "list", "Name and optionally a tag (format: \"name:tag\")", "-t", "--tag");
    private static final Flag FILE = new Flag(Flag.Kind.STRING, "string",
            "Name of the Dockerfile (default: \"PATH/Dockerfile\")", "-f", "--file");
    private static final Flag BUILD_ARG = new Flag(Flag.Kind.LIST, "list", "Set build-time variables", "--build-arg");
    private static final Flag LABEL = new Flag(Flag.Kind.LIST, "list", "Set metadata for an image", "--label");
    private static final Flag NO_CACHE =
            new Flag(Flag.Kind.FLAG, "", "Do not use cache when building the image", "--no-cache");
    private static final Flag PULL =
            new Flag(Flag.Kind.FLAG, "", "Always attempt to pull a newer version of the image", "--pull");
    private static final Flag TARGET =
            new Flag(Flag.Kind.STRING, "string", "Set the target build stage to build.", "--target");
    private static final Flag PLATFORM = new Flag(Flag.Kind.STRING, "string",
            "Set platform if server is multi-platform capable", "--platform");
    private static final Flag NETWORK = new Flag(Flag.Kind.STRING, "string",
            "Set the networking mode for the RUN instructions during build (default \"default\")", "--network");
    private static final Flag IIDFILE =
            new Flag(Flag.Kind.STRING, "string", "Write the image ID to the file", "--iidfile");
    private static final Flag PUSH = new Flag(Flag.Kind.FLAG, "",
            "Push the image to its registry after the build (needs a tag; with several platforms, an image index)",
            "--push");
    private static final Flag QUIET = new Flag(Flag.Kind.FLAG, "",
            "Suppress the build output and print image ID on success", "-q", "--quiet");

    Path context;
    List<String> tags = new ArrayList<>();
    String file;
    List<String> buildArgs = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    boolean noCache;
    boolean pull;
    String target;
    String platform;
    String network;
    Path iidFile;
    boolean push;
    boolean quiet;

    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "build", "Build an image from a Dockerfile", List.of(TAG, FILE,
                BUILD_ARG, LABEL, NO_CACHE, PULL, TARGET, PLATFORM, NETWORK, IIDFILE, PUSH, QUIET));
        spec.addPositional(PositionalParamSpec.builder().index("0").paramLabel("PATH")
                .description("The build context directory").arity("1").required(true).type(String.class).build());
        return spec;
    }

    private void readFlags() {
        context = Path.of(spec.positionalParameters().getFirst().<String>getValue());
        tags = new ArrayList<>(TAG.strings(spec));
        file = FILE.string(spec);
        buildArgs = new ArrayList<>(BUILD_ARG.strings(spec));
        labels = new ArrayList<>(LABEL.strings(spec));
        noCache = NO_CACHE.isSet(spec);
        pull = PULL.isSet(spec);
        target = TARGET.string(spec);
        platform = PLATFORM.string(spec);
        network = NETWORK.string(spec);
        String iid = IIDFILE.string(spec);
        iidFile = iid == null ? null : Path.of(iid);
        push = PUSH.isSet(spec);
        quiet = QUIET.isSet(spec);
    }

    @Override
    int run() {
        readFlags();
        if (!Files.isDirectory(context)) {
            throw new CliException("unable to prepare context: path \"" + context + "\" not found");
        }
        Query query = Query.empty().flag("nocache", noCache).flag("pull", pull).flag("q", quiet).flag("rm", true);
        for (String t : tags) {
            query = query.with("t", t);
        }
        ContextExtras extras = ContextExtras.of(context, file);
        if (file != null) {
            query = query.with("dockerfile", extras.dockerfile());
        }
        if (target != null) {
            query = query.with("target", target);
        }
        if (platform != null) {
            query = query.with("platform", platform);
        }
        if (network != null) {
            query = query.with("networkmode", network);
        }
        query = query.with("buildargs", keyValues(buildArgs, true)).with("labels", keyValues(labels, false));
        if (push) {
            query = query.with("outputs", "[{\"Type\":\"image\",\"Attrs\":{\"push\":\"true\"}}]");
        }
        AtomicReference<String> id = new AtomicReference<>();
        try (PipedInputStream tar = new PipedInputStream(1 << 16)) {
            PipedOutputStream sink = new PipedOutputStream(tar);
            Thread writer = Thread.ofVirtual().start(() -> {
                try (sink) {
                    new LayerWriter(LayerWriteOptions.preserve()).write(context, extras.files(), Compression.NONE,
                            sink);
                } catch (IOException | RuntimeException e) {
                    // The daemon sees a truncated tar and answers with its own error, which is what is shown.
                    System.getLogger(BuildCommand.class.getName()).log(System.Logger.Level.DEBUG, "send context", e);
                }
            });
            HttpRequest request = HttpRequest.of("POST", "/build" + query)
                    .withBody(new RequestBody.Streamed("application/x-tar", tar));
            if (push) {
                request = request.withHeader(RegistryAuth.CONFIG_HEADER, RegistryAuth.configHeader(root(),
                        tags.stream().map(BuildCommand::reference).toList()));
            }
            try (HttpResponse r = client().send(request)) {
                ProgressOutput.show(r.body(), out(), quiet, aux -> id.set(aux.path("ID").asText()));
            } catch (CliException e) {
                Matcher m = EXIT_CODE.matcher(String.valueOf(e.getMessage()));
                throw m.find() ? new CliException(e.getMessage(), Integer.parseInt(m.group(1)), e) : e;
            }
            writer.join();
        } catch (IOException e) {
            throw new CliException("build context " + context + ": " + e.getMessage(), 1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("build interrupted", 1, e);
        }
        if (quiet && id.get() != null) {
            out().println(id.get());
        }
        if (iidFile != null && id.get() != null) {
            try {
                Files.writeString(iidFile, id.get(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliException("write image ID to file: " + e.getMessage(), 1, e);
            }
        }
        return 0;
    }

    /**
     * The Dockerfile's name in the context sent, and the files added to it: docker's CLI resolves a relative
     * {@code -f} from the working directory; one outside the context travels in it under a random name, which lines
     * added to {@code .dockerignore} keep out of what COPY and ADD see (with the .dockerignore itself, as docker's CLI
     * writes it).
     */
    private record ContextExtras(String dockerfile, Map<String, Path> files) {
        private static byte[] randomBytes(int n) {
            byte[] b = new byte[n];
            new SecureRandom().nextBytes(b);
            return b;
        }

        static ContextExtras of(Path context, String file) {
            if (file == null) {
                return new ContextExtras("Dockerfile", Map.of());
            }
            Path root = context.toAbsolutePath().normalize();
            Path dockerfile = Path.of(file).toAbsolutePath().normalize();
            if (dockerfile.startsWith(root)) {
                return new ContextExtras(root.relativize(dockerfile).toString(), Map.of());
            }
            if (!Files.isRegularFile(dockerfile)) {
                throw new CliException("unable to prepare context: unable to evaluate symlinks in Dockerfile path: "
                        + "lstat " + dockerfile + ": no such file or directory");
            }
            String name = ".dockerfile." + HexFormat.of().formatHex(randomBytes(10));
            try {
                Path ignore = Files.createTempFile("berth-dockerignore", "");
                ignore.toFile().deleteOnExit();
                Path existing = root.resolve(".dockerignore");
                String rules = Files.isRegularFile(existing) ? Files.readString(existing, StandardCharsets.UTF_8) : "";
                String sep = rules.isEmpty() || rules.endsWith("\n") ? "" : "\n";
                Files.writeString(ignore, rules + sep + ".dockerignore\n" + name + "\n", StandardCharsets.UTF_8);
                return new ContextExtras(name, Map.of(name, dockerfile, ".dockerignore", ignore));
            } catch (IOException e) {
                throw new CliException("unable to prepare context: " + e.getMessage(), 1, e);
            }
        }
    }

    /** {@code K=V} (and for build args a bare {@code K}: its value from the environment) as a JSON object. */
    private static String keyValues(List<String> pairs, boolean fromEnv) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq >= 0) {
                n.put(p.substring(0, eq), p.substring(eq + 1));
            } else if (fromEnv && System.getenv(p) != null) {
                n.put(p, System.getenv(p));
            } else if (fromEnv) {
                n.putNull(p);
            } else {
                n.put(p, "");
            }
        }
        return n.toString();
    }
}
