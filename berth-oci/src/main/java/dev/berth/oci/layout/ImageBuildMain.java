package dev.berth.oci.layout;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.layer.LayerDiff;
import dev.berth.oci.spec.Compression;
import dev.berth.oci.spec.Descriptor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A small command line over {@link ImageBuilder} and {@link OciLayout}, used by {@code scripts/make-test-images.sh}:
 *
 * <pre>
 * image LAYOUT --platform OS/ARCH[/VARIANT] [--tag T] [--created ISO-8601] [--compression gzip|zstd|none]
 *       [--entrypoint ARG]... [--cmd ARG]... [--env NAME=VALUE]... [--workdir DIR] [--user U] [--label K=V]...
 *       (--layer dir:PATH | --layer diff:LOWER:UPPER | --layer overlay:UPPER  [--created-by TEXT])...
 * index LAYOUT [--tag T] SOURCE_LAYOUT:TAG...
 * </pre>
 *
 * Each command prints the digest it stored; errors go to stderr with exit status 1, usage errors 2.
 */
public final class ImageBuildMain {
    private ImageBuildMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            err.println("usage: image LAYOUT --platform P [options] --layer SPEC... | index LAYOUT [--tag T] SRC:TAG...");
            return 2;
        }
        try {
            List<String> rest = List.of(args).subList(2, args.length);
            OciLayout layout = OciLayout.create(Path.of(args[1]));
            Digest digest = switch (args[0]) {
                case "image" -> image(layout, options(rest));
                case "index" -> index(layout, rest);
                default -> throw BerthException.invalid("unknown command " + args[0] + "; expected image or index");
            };
            layout.tidy();
            out.println(digest);
            return 0;
        } catch (BerthException e) {
            err.println("error: " + e.getMessage());
            return e.kind() == ErrorKind.INVALID_ARGUMENT ? 2 : 1;
        }
    }

    private record Option(String name, String value) {}

    private static List<Option> options(List<String> args) {
        List<Option> options = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 2) {
            if (!args.get(i).startsWith("--") || i + 1 >= args.size()) {
                throw BerthException.invalid("expected --option VALUE, got \"" + args.get(i) + "\"");
            }
            options.add(new Option(args.get(i), args.get(i + 1)));
        }
        return options;
    }

    private static Digest image(OciLayout layout, List<Option> options) {
        String platform = options.stream().filter(o -> o.name().equals("--platform")).map(Option::value)
                .reduce((a, b) -> b).orElseThrow(() -> BerthException.invalid("image: --platform is required"));
        ImageBuilder builder = ImageBuilder.forPlatform(platform);
        Optional<String> tag = Optional.empty();
        List<String> entrypoint = new ArrayList<>();
        List<String> cmd = new ArrayList<>();
        PendingLayer pending = new PendingLayer(builder);
        for (Option o : options) {
            switch (o.name()) {
                case "--platform" -> { }
                case "--tag" -> tag = Optional.of(o.value());
                case "--created" -> builder.created(instant(o.value()));
                case "--compression" -> builder.compression(compression(o.value()));
                case "--entrypoint" -> entrypoint.add(o.value());
                case "--cmd" -> cmd.add(o.value());
                case "--env" -> builder.env(o.value());
                case "--workdir" -> builder.workingDir(o.value());
                case "--user" -> builder.user(o.value());
                case "--label" -> builder.label(keyOf(o.value()), o.value().substring(o.value().indexOf('=') + 1));
                case "--layer" -> pending.start(o.value());
                case "--created-by" -> pending.finish(o.value());
                default -> throw BerthException.invalid("unknown option " + o.name());
            }
        }
        pending.flush();
        if (!entrypoint.isEmpty()) {
            builder.entrypoint(entrypoint);
        }
        if (!cmd.isEmpty()) {
            builder.cmd(cmd);
        }
        BuiltImage image = builder.build(layout.blobs());
        tag.ifPresentOrElse(t -> layout.tag(t, image.manifest()), () -> layout.add(image.manifest()));
        return image.manifest().digest();
    }

    /** A --layer waiting for its --created-by, added to the builder when the next layer starts or at the end. */
    private static final class PendingLayer {
        private final ImageBuilder builder;
        private Optional<String> spec = Optional.empty();

        PendingLayer(ImageBuilder builder) {
            this.builder = builder;
        }

        void start(String layerSpec) {
            flush();
            spec = Optional.of(layerSpec);
        }

        void finish(String createdBy) {
            String s = spec.orElseThrow(() -> BerthException.invalid("--created-by must follow a --layer"));
            builder.layer(layer(s), createdBy);
            spec = Optional.empty();
        }

        void flush() {
            spec.ifPresent(s -> finish("berth build: layer " + s));
        }
    }

    /** {@code dir:PATH}, {@code diff:LOWER:UPPER} or {@code overlay:UPPER}. */
    static LayerDiff layer(String spec) {
        String[] parts = spec.split(":", -1);
        return switch (parts[0]) {
            case "dir" -> {
                requireParts(spec, parts, 2);
                yield LayerDiff.ofTree(Path.of(parts[1]));
            }
            case "diff" -> {
                requireParts(spec, parts, 3);
                yield LayerDiff.between(Path.of(parts[1]), Path.of(parts[2]));
            }
            case "overlay" -> {
                requireParts(spec, parts, 2);
                yield LayerDiff.overlay(List.of(), Path.of(parts[1]));
            }
            default -> throw BerthException.invalid("--layer " + spec + ": expected dir:PATH, diff:LOWER:UPPER or "
                    + "overlay:UPPER");
        };
    }

    private static void requireParts(String spec, String[] parts, int count) {
        if (parts.length != count || List.of(parts).contains("")) {
            throw BerthException.invalid("--layer " + spec + ": expected dir:PATH, diff:LOWER:UPPER or overlay:UPPER");
        }
    }

    private static String keyOf(String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0) {
            throw BerthException.invalid("--label " + keyValue + ": expected KEY=VALUE");
        }
        return keyValue.substring(0, eq);
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw BerthException.invalid("--created " + text + ": expected an ISO-8601 instant");
        }
    }

    private static Compression compression(String text) {
        try {
            return Compression.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw BerthException.invalid("--compression " + text + ": expected gzip, zstd or none");
        }
    }

    /** Copies each source layout's blobs into {@code layout}, then stores and tags an index over their manifests. */
    private static Digest index(OciLayout layout, List<String> args) {
        Optional<String> tag = Optional.empty();
        List<Digest> manifests = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--tag") && i + 1 < args.size()) {
                tag = Optional.of(args.get(++i));
                continue;
            }
            int colon = args.get(i).lastIndexOf(':');
            if (colon <= 0) {
                throw BerthException.invalid("index: expected SOURCE_LAYOUT:TAG, got \"" + args.get(i) + "\"");
            }
            OciLayout source = OciLayout.open(Path.of(args.get(i).substring(0, colon)));
            String sourceTag = args.get(i).substring(colon + 1);
            manifests.add(source.resolve(sourceTag).orElseThrow(() -> BerthException.notFound(
                    "index: " + source.dir() + " has no tag " + sourceTag)).digest());
            layout.copyBlobsFrom(source);
        }
        if (manifests.isEmpty()) {
            throw BerthException.invalid("index: no SOURCE_LAYOUT:TAG given");
        }
        Descriptor index = ImageBuilder.index(layout.blobs(), manifests);
        layout.tag(tag.orElse("latest"), index);
        return index.digest();
    }
}
