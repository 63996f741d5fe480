package dev.berth.cli.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.CliException;
import dev.berth.cli.api.DaemonException;
import dev.berth.cli.api.HttpRequest;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import dev.berth.cli.api.RequestBody;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code berth cp}: files between a container and the host as tar archives over the archive API —
 * {@code GET /containers/{id}/archive?path=…} out, {@code PUT …/archive?path=DIR} in; {@code -} is a tar on
 * stdout or stdin. A destination that does not exist takes the source's contents under the destination's name,
 * as docker's {@code cp} renames the archive's root entry.
 */
public final class CopyCommand extends DaemonCommand implements SpecifiedCommand {
    private static final Flag ARCHIVE =
            new Flag(Flag.Kind.FLAG, "", "Archive mode (copy all uid/gid information)", "-a", "--archive");
    private static final Flag FOLLOW_LINK =
            new Flag(Flag.Kind.FLAG, "", "Always follow symbol link in SRC_PATH", "-L", "--follow-link");
    private static final Flag QUIET =
            new Flag(Flag.Kind.FLAG, "", "Suppress progress output during copy", "-q", "--quiet");

    boolean archive;
    boolean followLink;
    boolean quiet;
    String source;
    String destination;

    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "cp", "Copy files/folders between a container and the local filesystem",
                List.of(ARCHIVE, FOLLOW_LINK, QUIET));
        spec.addPositional(path("0", "SRC_PATH"));
        spec.addPositional(path("1", "DEST_PATH"));
        return spec;
    }

    private static PositionalParamSpec path(String index, String label) {
        return PositionalParamSpec.builder().index(index).paramLabel(label).arity("1").required(true)
                .type(String.class).build();
    }

    private void readFlags() {
        archive = ARCHIVE.isSet(spec);
        followLink = FOLLOW_LINK.isSet(spec);
        quiet = QUIET.isSet(spec);
        source = spec.positionalParameters().get(0).getValue();
        destination = spec.positionalParameters().get(1).getValue();
    }

    @Override
    int run() {
        readFlags();
        Optional<String[]> from = containerPath(source);
        Optional<String[]> to = containerPath(destination);
        if (from.isPresent() && to.isPresent()) {
            throw new CliException("copying between containers is not supported");
        }
        if (from.isEmpty() && to.isEmpty()) {
            throw new CliException("must specify at least one container source");
        }
        try {
            if (from.isPresent()) {
                fromContainer(from.get()[0], from.get()[1]);
            } else {
                toContainer(to.get()[0], to.get()[1]);
            }
        } catch (IOException e) {
            throw new CliException(e.getMessage(), 1, e);
        }
        return 0;
    }

    /** {@code CONTAINER:PATH} → container and path; a local path (absolute, or ./ first) has no container. */
    private static Optional<String[]> containerPath(String arg) {
        if (arg.startsWith("/") || arg.startsWith(".")) {
            return Optional.empty();
        }
        int colon = arg.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {arg.substring(0, colon), arg.substring(colon + 1)});
    }

    private void fromContainer(String container, String path) throws IOException {
        try (HttpResponse r = client().send("GET", "/containers/" + container + "/archive",
                Query.empty().with("path", path))) {
            if (destination.equals("-")) {
                OutputStream out = root().stdout(out());
                r.body().transferTo(out);
                out.flush();
                return;
            }
            JsonNode stat = stat(r.header("X-Docker-Container-Path-Stat"));
            boolean sourceIsDir = (stat.path("mode").asLong() & (1L << 31)) != 0;
            Path target = Path.of(destination);
            Optional<String> rename;
            Path into;
            if (Files.isDirectory(target)) {
                into = target;
                rename = Optional.empty();
            } else {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && sourceIsDir) {
                    throw new CliException("cannot copy a directory to a file");
                }
                Path parent = target.toAbsolutePath().getParent();
                if (!Files.isDirectory(parent)) {
                    throw new CliException("lstat " + parent + ": no such file or directory");
                }
                into = parent;
                rename = Optional.of(target.getFileName().toString());
            }
            TarCopy.extract(r.body(), into, rename, archive);
        }
    }

    private void toContainer(String container, String path) throws IOException {
        if (source.equals("-")) {
            put(container, path, root().stdin());
            return;
        }
        Path src = Path.of(source);
        if (!Files.exists(src, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliException("lstat " + src.toAbsolutePath() + ": no such file or directory");
        }
        Optional<JsonNode> destStat = statInContainer(container, path);
        String dir;
        String name;
        if (destStat.isPresent() && (destStat.get().path("mode").asLong() & (1L << 31)) != 0) {
            dir = path;
            name = src.getFileName().toString();
        } else {
            if (destStat.isEmpty() && path.endsWith("/")) {
                throw new CliException("Error response from daemon: Could not find the file " + path
                        + " in container " + container);
            }
            if (destStat.isPresent() && Files.isDirectory(src)) {
                throw new CliException("cannot copy a directory to a file");
            }
            int slash = path.lastIndexOf('/');
            dir = slash <= 0 ? "/" : path.substring(0, slash);
            name = path.substring(slash + 1);
        }
        PipedInputStream in = new PipedInputStream(64 * 1024);
        PipedOutputStream pipe = new PipedOutputStream(in);
        Thread writer = Thread.ofVirtual().start(() -> {
            try (pipe) {
                TarCopy.write(src, name, followLink, pipe);
            } catch (IOException e) {
                throw new UncheckedIOException("archive " + src, e);
            }
        });
        put(container, dir, in);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted archiving " + src, e);
        }
    }

    private void put(String container, String dir, InputStream tar) {
        Query q = Query.empty().with("path", dir).with("noOverwriteDirNonDir", "true").flag("copyUIDGID", archive);
        client().send(HttpRequest.of("PUT", "/containers/" + container + "/archive" + q)
                .withBody(new RequestBody.Streamed("application/x-tar", tar))).close();
    }

    private Optional<JsonNode> statInContainer(String container, String path) throws IOException {
        try (HttpResponse r = client().send("HEAD", "/containers/" + container + "/archive",
                Query.empty().with("path", path))) {
            return Optional.of(stat(r.header("X-Docker-Container-Path-Stat")));
        } catch (DaemonException e) {
            if (e.status() == 404 && !e.daemonMessage().contains("No such container")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static JsonNode stat(Optional<String> header) throws IOException {
        if (header.isEmpty()) {
            return JsonNodeFactory.instance.objectNode();
        }
        return Json.MAPPER.readTree(new String(Base64.getDecoder().decode(header.get()), StandardCharsets.UTF_8));
    }
}
