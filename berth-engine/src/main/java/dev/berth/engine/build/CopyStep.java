package dev.berth.engine.build;

import dev.berth.engine.build.context.BuildContext;
import dev.berth.engine.build.dockerfile.Heredoc;
import dev.berth.engine.build.dockerfile.Instruction;
import dev.berth.engine.build.dockerfile.ShellLex;
import dev.berth.engine.image.ImageRecord;
import dev.berth.engine.runtime.ContainerUser;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * COPY and ADD: sources from the context, another stage or image ({@code --from}), here-documents, and for ADD http
 * URLs (downloaded, mode 0600) and local tar archives (unpacked into the destination). The cache key is the checksum
 * of what is copied, with {@code --chown} and {@code --chmod}; failures read {@code COPY failed: …} as in docker.
 */
final class CopyStep {
    private sealed interface Item {
        record Local(Path path) implements Item {}

        record Content(String name, byte[] data) implements Item {}
    }

    private final BuildSession session;
    private final StageBuilder stage;
    private final Instruction.Copy copy;
    private final ShellLex lex;

    CopyStep(BuildSession session, StageBuilder stage, Instruction.Copy copy, ShellLex lex) {
        this.session = session;
        this.stage = stage;
        this.copy = copy;
        this.lex = lex;
    }

    BuildImage run(Function<String, Optional<String>> env) {
        try {
            return copy(env);
        } catch (BerthException e) {
            if (e.getMessage().startsWith(copy.keyword() + " failed") || e.getMessage().startsWith("When using")) {
                throw e;
            }
            throw new BerthException(e.kind(), copy.keyword() + " failed: " + e.getMessage(), e);
        }
    }

    private BuildImage copy(Function<String, Optional<String>> env) {
        var config = stage.current().containerConfig();
        String dest = lex.processWord(copy.dest(), env);
        if (!dest.startsWith("/")) {
            String wd = config.workingDir().filter(w -> !w.isEmpty()).orElse("/");
            dest = (wd.endsWith("/") ? wd : wd + "/") + dest;
        }
        Optional<String> chown = copy.chown().map(c -> lex.processWord(c, env));
        Optional<Integer> chmod = copy.chmod().map(c -> lex.processWord(c, env)).map(CopyStep::mode);
        Optional<Workspace> fromWorkspace = Optional.empty();
        try {
            BuildContext sources = session.context();
            if (copy.from().isPresent()) {
                Workspace ws = session.mount(fromImage(lex.processWord(copy.from().get(), env)));
                fromWorkspace = Optional.of(ws);
                sources = BuildContext.of(ws.rootfs());
            }
            List<Item> items = items(sources, env);
            List<Path> hashed = new ArrayList<>();
            List<String> contentHashes = new ArrayList<>();
            for (Item i : items) {
                switch (i) {
                    case Item.Local l -> hashed.add(l.path());
                    case Item.Content c -> contentHashes.add(SourceHash.ofContent(c.data()));
                }
            }
            String hash = hashed.isEmpty() && contentHashes.size() == 1 ? contentHashes.getFirst()
                    : hashed.size() == items.size() ? SourceHash.of(hashed)
                    : "multi:" + Digest.sha256(SourceHash.of(hashed) + contentHashes).encoded();
            if (items.size() > 1 && !dest.endsWith("/")) {
                throw BerthException.invalid("When using " + copy.keyword() + " with more than one source file, "
                        + "the destination must be a directory and end with a /");
            }
            String finalDest = dest;
            String createdBy = HistoryText.copy(copy.keyword(), hash, dest);
            return stage.fileStep(createdBy, chown.orElse("") + " " + chmod.map(Integer::toOctalString).orElse(""),
                    config, ws -> write(ws, items, finalDest, chown, chmod));
        } finally {
            fromWorkspace.ifPresent(Workspace::close);
        }
    }

    private void write(Workspace ws, List<Item> items, String dest, Optional<String> chown,
            Optional<Integer> chmod) {
        FileCopier.Owner owner = chown.map(c -> {
            ContainerUser u = ContainerUser.resolve(ws.rootfs(), c.contains(":") ? c : c + ":" + c);
            return new FileCopier.Owner(u.uid(), u.gid());
        }).orElse(FileCopier.Owner.ROOT);
        FileCopier copier = new FileCopier(ws.rootfs(), owner, chmod);
        boolean destIsDir = dest.endsWith("/");
        try {
            for (Item i : items) {
                switch (i) {
                    case Item.Content c -> copier.write(c.data(), c.name(), dest, destIsDir);
                    case Item.Local l -> {
                        if (copy.add() && copy.from().isEmpty() && FileCopier.isArchive(l.path())) {
                            copier.extract(l.path(), dest);
                        } else {
                            copier.copy(l.path(), dest, destIsDir);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw BerthException.io("copy to " + dest, e);
        }
    }

    private List<Item> items(BuildContext sources, Function<String, Optional<String>> env) {
        List<Item> items = new ArrayList<>();
        for (String raw : copy.sources()) {
            Optional<Heredoc> doc = copy.heredocs().stream()
                    .filter(h -> raw.matches("\\d*<<-?['\"]?" + Pattern.quote(h.name()) + "['\"]?"))
                    .findFirst();
            if (doc.isPresent()) {
                Heredoc h = doc.get();
                String data = h.expand() ? lex.processHeredoc(h.data(), env) : h.data();
                items.add(new Item.Content(h.name(), data.getBytes(StandardCharsets.UTF_8)));
                continue;
            }
            String src = lex.processWord(raw, env);
            if (copy.add() && (src.startsWith("http://") || src.startsWith("https://"))) {
                items.add(new Item.Local(download(src)));
                continue;
            }
            List<Path> found = sources.sources(src);
            if (found.isEmpty()) {
                throw BerthException.invalid("no source files were specified");
            }
            found.forEach(p -> items.add(new Item.Local(p)));
        }
        return items;
    }

    private BuildImage fromImage(String name) {
        Optional<BuildImage> stageImage = session.stageResult().apply(name);
        if (stageImage.isPresent()) {
            return stageImage.get();
        }
        if (!Reference.isValid(name)) {
            throw BerthException.invalid("invalid from flag value " + name + ": invalid reference format");
        }
        ImageRecord rec = session.baseImages().get(Reference.parse(name).withDefaultTag(),
                session.options().platform(), false, BuildProgress.NONE);
        return new BuildImage(Optional.of(rec.id()), session.store().config(rec.id()), rec.layers());
    }

    /** Downloads {@code url} as ADD does: the last path segment names the file, Last-Modified its time, mode 0600. */
    private Path download(String url) {
        URI uri = URI.create(url);
        String path = uri.getPath() == null ? "" : uri.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty()) {
            name = "__unnamed__";
        }
        try {
            Path dir = Files.createDirectories(session.tmp().resolve("add-" + UUID.randomUUID()));
            Path file = dir.resolve(name);
            try (HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
                HttpResponse<Path> res = client.send(HttpRequest.newBuilder(uri).GET().build(),
                        HttpResponse.BodyHandlers.ofFile(file));
                if (res.statusCode() >= 400) {
                    throw BerthException.invalid("failed to GET " + url + " with status " + res.statusCode());
                }
                Files.setAttribute(file, "unix:mode", 0600);
                Optional<String> modified = res.headers().firstValue("Last-Modified");
                if (modified.isPresent()) {
                    Files.setLastModifiedTime(file, FileTime.from(ZonedDateTime.parse(modified.get(),
                            DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
                }
            }
            return file;
        } catch (IOException e) {
            throw BerthException.io("download " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BerthException.invalid("download " + url + ": interrupted");
        }
    }

    private static int mode(String chmod) {
        try {
            int m = Integer.parseInt(chmod, 8);
            if (m < 0 || m > 07777) {
                throw new NumberFormatException();
            }
            return m;
        } catch (NumberFormatException e) {
            throw BerthException.invalid("invalid chmod parameter: " + chmod);
        }
    }
}
