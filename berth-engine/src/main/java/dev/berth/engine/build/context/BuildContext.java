package dev.berth.engine.build.context;

import dev.berth.engine.archive.RootfsPath;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.ApplyOptions;
import dev.berth.oci.layer.CompressionStreams;
import dev.berth.oci.layer.FileTree;
import dev.berth.oci.layer.LayerApplier;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files a build may copy: a directory (the context tar unpacked, or a local directory) with its
 * {@code .dockerignore} applied. Sources resolve inside it ({@link RootfsPath}): a symlink pointing out of the
 * context leads to what the context holds at that path (usually nothing), never to the host's files, and a source
 * climbing out with {@code ..} is refused with docker's {@code forbidden path outside the build context}.
 */
public final class BuildContext {
    private final Path root;

    private BuildContext(Path root) {
        this.root = root;
    }

    /** A context already laid out in {@code dir} (a local directory: nothing is removed, ignored files are skipped). */
    public static BuildContext of(Path dir) {
        try {
            return new BuildContext(dir.toRealPath());
        } catch (IOException e) {
            throw BerthException.io("open build context " + dir, e);
        }
    }

    /**
     * Unpacks a context tar (plain, gzip or zstd) into {@code dir}, an existing empty directory, streaming: a big
     * context takes disk, not memory.
     */
    public static BuildContext unpack(InputStream tar, Path dir) {
        try {
            BufferedInputStream in = new BufferedInputStream(tar, 64 * 1024);
            LayerApplier.apply(in, CompressionStreams.detect(in), dir.toRealPath(), ApplyOptions.defaults());
            return of(dir);
        } catch (IOException e) {
            throw BerthException.io("read build context", e);
        } catch (BerthException e) {
            throw BerthException.invalid("read build context: " + e.getMessage());
        }
    }

    public Path root() {
        return root;
    }

    /** The Dockerfile at {@code name} in the context; docker's message when it is missing. */
    public String dockerfile(String name) {
        Path file = RootfsPath.resolve(root, name, true);
        if (!Files.isRegularFile(file)) {
            throw BerthException.invalid("Cannot locate specified Dockerfile: " + name);
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw BerthException.io("read Dockerfile " + name, e);
        }
    }

    public DockerIgnore dockerignore() {
        Path file = root.resolve(".dockerignore");
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return DockerIgnore.NONE;
        }
        try {
            return DockerIgnore.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw BerthException.io("read .dockerignore", e);
        }
    }

    /** Deletes what {@code ignore} excludes, so no instruction can copy it (the context is the build's own copy). */
    public void applyIgnore(DockerIgnore ignore) {
        if (ignore.rules().isEmpty()) {
            return;
        }
        List<Path> doomed = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root) && ignore.excludes(relative(dir)) && !ignore.hasExceptions()) {
                        doomed.add(dir);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (ignore.excludes(relative(file))) {
                        doomed.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    if (!dir.equals(root) && ignore.excludes(relative(dir)) && ignore.hasExceptions()) {
                        try (Stream<Path> s = Files.list(dir)) {
                            if (s.allMatch(doomed::contains)) {
                                doomed.add(dir);
                            }
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            doomed.sort(Comparator.comparingInt(Path::getNameCount).reversed());
            for (Path p : doomed) {
                FileTree.delete(p);
            }
        } catch (IOException e) {
            throw BerthException.io("apply .dockerignore", e);
        }
    }

    /**
     * The context paths {@code source} names: one path, or every match of a wildcard pattern (Go's
     * {@code filepath.Match}, in name order). Errors are docker's.
     */
    public List<Path> sources(String source) {
        String cleaned = DockerIgnore.clean(source.startsWith("/") ? source.substring(1) : source);
        if (cleaned.equals("..") || cleaned.startsWith("../")) {
            throw BerthException.invalid("forbidden path outside the build context: " + source + " ()");
        }
        if (cleaned.matches(".*[*?\\[].*")) {
            Pattern pattern = DockerIgnore.compile(cleaned);
            List<Path> matches = new ArrayList<>();
            try (Stream<Path> all = Files.walk(root)) {
                all.filter(p -> !p.equals(root)).filter(p -> pattern.matcher(relative(p)).matches()).sorted()
                        .forEach(matches::add);
            } catch (IOException e) {
                throw BerthException.io("list build context", e);
            }
            return matches;
        }
        Path resolved = RootfsPath.resolve(root, cleaned, true);
        if (!java.nio.file.Files.exists(resolved, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw BerthException.notFound("file not found in build context or excluded by .dockerignore: stat "
                    + cleaned + ": file does not exist");
        }
        return List.of(resolved);
    }

    /** {@code p} relative to the context, {@code /}-separated. */
    public String relative(Path p) {
        return root.relativize(p).toString();
    }
}
