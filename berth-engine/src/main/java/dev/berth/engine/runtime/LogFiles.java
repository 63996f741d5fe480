package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.linux.ErrnoException;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A container's log as the files it is kept in: the one conmon writes, and with rotation ({@code max-file} above 1)
 * the generations kept of it. conmon starts its log over at {@code --log-size-max} by writing {@code LOG.tmp} and
 * renaming it over {@code LOG}; {@link LogRotator} gives each file a numbered hard link, so a replaced one lives on:
 * <pre>
 * container.log        the file conmon writes now
 * container.log.N      generation N, N counting up in the order the files were container.log (the highest is, or
 *                      was just before it, container.log itself)
 * container.log.tmp    conmon's next file, between its creation and its rename over container.log
 * container.log.spare  the rotator's hard link to that next file, so it is kept from its first byte
 * </pre>
 * {@link #generations} lists them oldest first, as {@code docker logs} reads them.
 */
public record LogFiles(Path current) {
    private static final String TMP = ".tmp";
    private static final String SPARE = ".spare";
    /** How often {@link #generations} lists while rotations go on, before it takes what it has. */
    private static final int STABLE_ATTEMPTS = 100;
    /** {@link #lock}s, shared by logs whose paths hash alike: a lock per log would have to be forgotten with it. */
    private static final Object[] LOCKS = new Object[64];

    static {
        Arrays.setAll(LOCKS, i -> new Object());
    }

    /** A file of the log, with its place among the generations and the identity it has whatever its names. */
    public record Generation(Path path, OptionalLong number, Object key) {}

    /**
     * Held by {@link LogRotator} while it numbers, arms and deletes files, and by {@link #generations} while it lists
     * them: a listing in the middle of a numbering (a link made to the log's path, then deleted when conmon had
     * replaced the file meanwhile; a new spare not yet conmon's next file) would place a file before an older one,
     * or miss one numbered after it that is older than the file after it, and a reader would go back in the log.
     */
    Object lock() {
        return LOCKS[Math.floorMod(current.hashCode(), LOCKS.length)];
    }

    /** conmon's next file. */
    Path tmp() {
        return current.resolveSibling(current.getFileName() + TMP);
    }

    Path spare() {
        return current.resolveSibling(current.getFileName() + SPARE);
    }

    Path numbered(long n) {
        return current.resolveSibling(current.getFileName() + "." + n);
    }

    /** Whether {@code p} is one of this log's files (kept when the container starts again). */
    public boolean contains(Path p) {
        String name = p.getFileName().toString();
        String base = current.getFileName().toString();
        return name.equals(base) || number(name).isPresent() || name.equals(base + TMP) || name.equals(base + SPARE);
    }

    /**
     * The numbered generations, oldest first; then the spare if conmon has taken it and it has no number yet; then
     * {@code current} unless it is one of them. Listed again while the spare changes meanwhile (taken by conmon,
     * numbered, armed anew), so that a file numbered during the listing is neither missed nor put out of order.
     */
    public List<Generation> generations() {
        synchronized (lock()) {
            return listGenerations();
        }
    }

    private List<Generation> listGenerations() {
        for (int attempt = 1; ; attempt++) {
            Optional<Object> spare = key(spare());
            Optional<Object> tmp = key(tmp());
            List<Generation> list = new ArrayList<>(numbered());
            if (spare.isPresent() && !spare.equals(tmp)) {
                addUnlisted(list, spare(), spare.get());
            }
            key(current).ifPresent(k -> addUnlisted(list, current, k));
            if (spare.equals(key(spare())) && tmp.equals(key(tmp())) || attempt == STABLE_ATTEMPTS) {
                return list;
            }
        }
    }

    private static void addUnlisted(List<Generation> list, Path path, Object key) {
        if (list.stream().noneMatch(g -> g.key().equals(key))) {
            list.add(new Generation(path, OptionalLong.empty(), key));
        }
    }

    /** The numbered generations, oldest first. */
    List<Generation> numbered() {
        List<Generation> list = new ArrayList<>();
        try (Stream<Path> entries = Files.list(current.getParent())) {
            for (Path p : entries.toList()) {
                OptionalLong n = number(p.getFileName().toString());
                if (n.isPresent()) {
                    key(p).ifPresent(k -> list.add(new Generation(p, n, k)));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw BerthException.io("list log files of " + current, e);
        }
        list.sort(Comparator.comparingLong(g -> g.number().getAsLong()));
        return list;
    }

    /**
     * The identity of the file at {@code p}, empty when there is none: its file handle, which a file made after it
     * never has, where its inode number is the next file's once it is deleted (ext4 hands it out again at once, and
     * generations are made and deleted at every start-over: a reader that took a new file for one it listed before
     * went back in the log). On a file system without handles, device and inode with the birth time.
     */
    public static Optional<Object> key(Path p) {
        try {
            return Syscalls.fileHandle(p).map(Object.class::cast);
        } catch (ErrnoException e) {
            if (e.errno() != ErrnoException.ENOTSUP) {
                throw BerthException.io("look at log file " + p, e);
            }
            return inodeAndBirth(p);
        } catch (IOException e) {
            throw BerthException.io("look at log file " + p, e);
        }
    }

    private record InodeAndBirth(Object fileKey, FileTime birth) {}

    private static Optional<Object> inodeAndBirth(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return Optional.of(new InodeAndBirth(a.fileKey(), a.creationTime()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw BerthException.io("look at log file " + p, e);
        }
    }

    private OptionalLong number(String name) {
        String prefix = current.getFileName() + ".";
        if (!name.startsWith(prefix) || name.length() == prefix.length() || name.length() - prefix.length() > 18) {
            return OptionalLong.empty();
        }
        String digits = name.substring(prefix.length());
        return digits.chars().allMatch(c -> c >= '0' && c <= '9') ? OptionalLong.of(Long.parseLong(digits))
                : OptionalLong.empty();
    }
}
