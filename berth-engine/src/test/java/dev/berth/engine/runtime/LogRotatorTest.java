package dev.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.berth.engine.container.LogReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rotation of a log that a stand-in for conmon starts over as conmon does ({@code LOG.tmp} opened with
 * truncation, renamed over {@code LOG}): the generations kept, their order, and a reader across them.
 */
class LogRotatorTest {
    @TempDir
    Path dir;
    private final List<LogRotator> rotators = new ArrayList<>();

    @AfterEach
    void close() {
        rotators.forEach(LogRotator::close);
    }

    private LogRotator rotator() {
        LogRotator r = new LogRotator();
        rotators.add(r);
        return r;
    }

    /** conmon's k8s-file writer, reduced to what rotation sees. */
    private static final class Conmon implements AutoCloseable {
        private final Path log;
        private FileChannel out;

        Conmon(Path log) throws IOException {
            this.log = log;
            out = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }

        void write(String text) throws IOException {
            String record = "2026-11-29T10:00:00.000000000+00:00 stdout F " + text + "\n";
            out.write(ByteBuffer.wrap(record.getBytes(StandardCharsets.UTF_8)));
        }

        /** conmon's reopen_k8s_file: a new file as LOG.tmp, then renamed over the log. */
        void startOver() throws IOException {
            out.close();
            Path tmp = log.resolveSibling(log.getFileName() + ".tmp");
            out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, log, StandardCopyOption.ATOMIC_MOVE);
        }

        /**
         * A start-over whose new file the rotator did not see as {@code LOG.tmp} before it became the log, as when
         * conmon's open and rename both come before the rotator wakes: made under another name, renamed over the log.
         */
        void startOverUnseen() throws IOException {
            out.close();
            Path made = log.resolveSibling("made-by-conmon");
            out = FileChannel.open(made, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(made, log, StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    private static void awaitArmed(LogFiles files) throws InterruptedException {
        for (int i = 0; i < 1000 && !Files.exists(files.tmp()); i++) {
            Thread.sleep(10);
        }
        assertThat(files.tmp()).as("the rotator armed conmon's next file").exists();
    }

    /** Waits for the rotator to have numbered the file conmon writes. */
    private static void awaitNumbered(LogFiles files) throws InterruptedException {
        for (int i = 0; i < 1000 && !isNumbered(files); i++) {
            Thread.sleep(10);
        }
        assertThat(isNumbered(files)).as("the log has a number").isTrue();
    }

    private static boolean isNumbered(LogFiles files) {
        Object current = LogFiles.key(files.current()).orElseThrow();
        return files.numbered().stream().anyMatch(g -> g.key().equals(current));
    }

    /** Waits for the rotator to have armed the next file and pruned down to {@code kept} generations. */
    private static void awaitKept(LogFiles files, int kept) throws InterruptedException {
        for (int i = 0; i < 1000 && (!Files.exists(files.tmp()) || files.numbered().size() != kept); i++) {
            Thread.sleep(10);
        }
        assertThat(files.numbered()).hasSize(kept);
    }

    private static List<String> readAll(Path log) {
        List<String> texts = new ArrayList<>();
        try (LogReader reader = new LogReader(log)) {
            for (List<LogLine> lines = reader.next(); !lines.isEmpty(); lines = reader.next()) {
                lines.forEach(l -> texts.add(l.text()));
            }
        }
        return texts;
    }

    private static List<String> generation(int g) {
        return List.of(g + "-a", g + "-b");
    }

    /**
     * A rotator opens its inotify instance (a per-user resource, 128 by default for all of the user's processes) only
     * when it keeps a log: every ContainerRuntime has one, and most keep no rotated log.
     */
    @Test
    void aRotatorKeepingNoLog_holdsNoInotifyInstance() throws Exception {
        long before = inotifyInstances();
        LogRotator rotator = rotator();
        assertThat(inotifyInstances()).isEqualTo(before);
        LogFiles files = new LogFiles(dir.resolve("container.log"));
        Files.createFile(files.current());
        rotator.keep(files, 2);
        assertThat(inotifyInstances()).isEqualTo(before + 1);
        rotator.stop(files);
    }

    private static long inotifyInstances() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals("anon_inode:inotify");
                } catch (IOException e) {
                    return false; // the directory listing's own descriptor, closed meanwhile
                }
            }).count();
        }
    }

    /**
     * ext4 gives a deleted file's inode number to the next file made: generations made and deleted at every start-over
     * must not be taken for one another.
     */
    @Test
    void aFileMadeAfterAnotherWasDeleted_isNotThatFile_evenWithItsInodeNumber() throws Exception {
        Path p = dir.resolve("container.log.1");
        Files.createFile(p);
        Object first = LogFiles.key(p).orElseThrow();
        Object firstInode = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        Files.createLink(dir.resolve("container.log"), p);
        assertThat(LogFiles.key(dir.resolve("container.log"))).as("two names of one file").contains(first);
        Object inode = null;
        for (int i = 0; i < 100 && !firstInode.equals(inode); i++) {
            Files.delete(p);
            Files.deleteIfExists(dir.resolve("container.log"));
            Files.createFile(p);
            inode = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        }
        assumeThat(inode).as("the file system gave the inode number out again").isEqualTo(firstInode);
        assertThat(LogFiles.key(p).orElseThrow()).isNotEqualTo(first);
    }

    @Test
    void maxFileGenerations_areKept_andReadOldestFirst() throws Exception {
        LogFiles files = new LogFiles(dir.resolve("container.log"));
        LogRotator rotator = rotator();
        try (Conmon conmon = new Conmon(files.current())) {
            rotator.keep(files, 3);
            for (int g = 1; g <= 10; g++) {
                if (g > 1) {
                    awaitArmed(files);
                    conmon.startOver();
                }
                for (String text : generation(g)) {
                    conmon.write(text);
                }
            }
            List<String> expected = new ArrayList<>();
            for (int g = 8; g <= 10; g++) {
                expected.addAll(generation(g));
            }
            awaitKept(files, 3);
            assertThat(readAll(files.current())).isEqualTo(expected);
            rotator.stop(files);
            assertThat(files.tmp()).doesNotExist();
            assertThat(files.spare()).doesNotExist();
            assertThat(readAll(files.current())).isEqualTo(expected);
        }
    }

    /**
     * With no daemon, conmon's own next file replaces the last one unlinked: the armed file is kept, one made and
     * replaced while nobody watched is lost, the rest stays in order once a daemon keeps the log again.
     */
    @Test
    void aFileReplacedWhileNoDaemonWatches_isLost_theOthersStayInOrder() throws Exception {
        LogFiles files = new LogFiles(dir.resolve("container.log"));
        try (Conmon conmon = new Conmon(files.current())) {
            LogRotator first = rotator();
            first.keep(files, 10);
            conmon.write("1");
            first.close();
            conmon.startOver();
            conmon.write("2 in the armed file");
            conmon.startOver();
            conmon.write("3 lost");
            conmon.startOver();
            conmon.write("4");
            rotator().keep(files, 10);
            assertThat(readAll(files.current())).containsExactly("1", "2 in the armed file", "4");
        }
    }

    /**
     * conmon starting over before the rotator has armed its next file makes that file itself: twice in a row before
     * the rotator wakes, or between the rotator's look at {@code LOG.tmp} and its link. That file is then the log for
     * as long as conmon writes it, and is kept as a generation once conmon replaces it.
     */
    @Test
    void aFileConmonMadeBeforeTheRotatorArmed_isKeptWhenReplaced() throws Exception {
        LogFiles files = new LogFiles(dir.resolve("container.log"));
        LogRotator rotator = rotator();
        try (Conmon conmon = new Conmon(files.current())) {
            rotator.keep(files, 10);
            conmon.write("1");
            awaitArmed(files);
            conmon.startOverUnseen();
            conmon.write("2 in a file conmon made");
            awaitNumbered(files);
            conmon.startOver();
            conmon.write("3");
            awaitArmed(files);
            assertThat(readAll(files.current())).containsExactly("1", "2 in a file conmon made", "3");
        }
    }

    /**
     * A follower at the end of a file gets what conmon wrote to it just before starting over, then the next file.
     */
    @Test
    void aFollower_readsTheOldFileToItsEnd_thenTheNext() throws Exception {
        LogFiles files = new LogFiles(dir.resolve("container.log"));
        LogRotator rotator = rotator();
        List<String> seen = new ArrayList<>();
        try (Conmon conmon = new Conmon(files.current()); LogReader reader = new LogReader(files.current())) {
            rotator.keep(files, 2);
            conmon.write("1");
            reader.next().forEach(l -> seen.add(l.text()));
            assertThat(reader.next()).isEmpty();
            conmon.write("2");
            awaitArmed(files);
            conmon.startOver();
            conmon.write("3");
            awaitArmed(files);
            conmon.startOver();
            conmon.write("4");
            awaitKept(files, 2);
            for (List<LogLine> lines = reader.next(); !lines.isEmpty(); lines = reader.next()) {
                lines.forEach(l -> seen.add(l.text()));
            }
            assertThat(reader.atEnd()).isTrue();
        }
        // The follower holds file 1 open: deleted as beyond max-file 2, it is still read to its end.
        assertThat(seen).containsExactly("1", "2", "3", "4");
        assertThat(readAll(files.current())).containsExactly("3", "4");
    }

    /** With one file (max-file 1) nothing is kept, and a follower goes on in the file conmon starts over with. */
    @Test
    void withOneFile_aFollowerGoesOnInTheNewFile() throws Exception {
        LogFiles files = new LogFiles(dir.resolve("container.log"));
        List<String> seen = new ArrayList<>();
        try (Conmon conmon = new Conmon(files.current()); LogReader reader = new LogReader(files.current())) {
            conmon.write("1");
            reader.next().forEach(l -> seen.add(l.text()));
            conmon.write("2");
            conmon.startOver();
            conmon.write("3");
            for (List<LogLine> lines = reader.next(); !lines.isEmpty(); lines = reader.next()) {
                lines.forEach(l -> seen.add(l.text()));
            }
        }
        assertThat(seen).containsExactly("1", "2", "3");
        assertThat(files.generations()).hasSize(1);
    }

    /**
     * conmon starting over every 37 lines as fast as it can write, far faster than the rotator arms its files: a
     * follower from the start sees lines once and in order to the last (files made and replaced between two of its
     * looks are skipped), and what is kept is in order and at most max-file files. The follower pauses now and then,
     * as one writing to a slow client does, so that files it listed are deleted and their inode numbers taken by new
     * ones before it opens them. It went back a file, 2 runs in 150, when files were known by inode number and listed
     * while the rotator numbered one.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void rotationsFasterThanTheRotator_keepTheLinesInOrder(int maxFiles) throws Exception {
        LogFiles files = new LogFiles(dir.resolve("container.log"));
        if (maxFiles > 1) {
            Files.createFile(files.current());
            rotator().keep(files, maxFiles);
        }
        List<Integer> seen = new ArrayList<>();
        try (Conmon conmon = new Conmon(files.current()); LogReader reader = new LogReader(files.current())) {
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 1; i <= 20000; i++) {
                        conmon.write(Integer.toString(i));
                        if (i % 37 == 0) {
                            conmon.startOver();
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Random random = new Random();
            while (writer.isAlive()) {
                reader.next().forEach(l -> seen.add(Integer.parseInt(l.text())));
                if (random.nextInt(4) == 0) {
                    Thread.sleep(Duration.ofNanos(random.nextInt(200_000)));
                }
            }
            for (List<LogLine> lines = reader.next(); !lines.isEmpty(); lines = reader.next()) {
                lines.forEach(l -> seen.add(Integer.parseInt(l.text())));
            }
        }
        assertThat(seen).isSorted().doesNotHaveDuplicates().endsWith(20000);
        if (maxFiles > 1) {
            // The last file may be one conmon made itself, which has no number.
            for (int i = 0; i < 1000 && (!Files.exists(files.tmp()) || files.generations().size() > maxFiles); i++) {
                Thread.sleep(10);
            }
            assertThat(files.generations()).hasSizeLessThanOrEqualTo(maxFiles);
            List<Integer> kept = readAll(files.current()).stream().map(Integer::parseInt).toList();
            assertThat(kept).isSorted().doesNotHaveDuplicates().endsWith(20000);
        }
    }
}
