package dev.berth.registry.storage;

import dev.berth.oci.content.DurableFiles;
import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@link StorageDriver} on a local directory: files are written to a unique temporary sibling, fsynced, renamed
 * over the target and the directory fsynced, so that a crash leaves the old file or the new one.
 */
public final class FilesystemDriver implements StorageDriver {
    private final Path root;

    public FilesystemDriver(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    @Override
    public Optional<byte[]> read(String path) {
        try {
            return Optional.of(Files.readAllBytes(resolve(path)));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw BerthException.io("read " + path, e);
        }
    }

    @Override
    public void write(String path, byte[] content) {
        Path file = resolve(path);
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            DurableFiles.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(content));
                ch.force(false);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.syncDirectory(file.getParent());
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw BerthException.io("write " + path, e);
        }
    }

    @Override
    public List<String> list(String dir) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(resolve(dir))) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".")) {
                    names.add(name);
                }
            }
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException absent) {
            return List.of();
        } catch (IOException e) {
            throw BerthException.io("list " + dir, e);
        }
        names.sort(null);
        return names;
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(resolve(path), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public boolean delete(String path) {
        Path target = resolve(path);
        try {
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(target);
                return true;
            }
            return Files.deleteIfExists(target);
        } catch (IOException e) {
            throw BerthException.io("delete " + path, e);
        }
    }

    @Override
    public Optional<java.time.Instant> modified(String path) {
        try {
            return Optional.of(Files.getLastModifiedTime(resolve(path), LinkOption.NOFOLLOW_LINKS).toInstant());
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw BerthException.io("stat " + path, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(entry);
                } else {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (NoSuchFileException gone) {
            return;
        }
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException refilled) {
            // a concurrent writer added an entry: it stays, as if it had come after the delete
        }
    }

    private Path resolve(String path) {
        if (path.startsWith("/") || path.contains("/../") || path.startsWith("../") || path.endsWith("/..")
                || path.equals("..") || path.contains("/./")) {
            throw BerthException.invalid("storage path " + path + ": must be relative and normalised");
        }
        return path.isEmpty() ? root : root.resolve(path);
    }

}
