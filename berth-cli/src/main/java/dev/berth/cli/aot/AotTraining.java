package dev.berth.cli.aot;

import dev.berth.cli.BerthMain;
import dev.berth.cli.api.UnixSockets;
import dev.berth.cli.terminal.Tty;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The training run for bin/berth's JDK AOT cache: the cache holds the classes a recorded run loaded and linked, so
 * instead of whatever command happened to run first, this runs the common ones — {@code run --rm} (ping, create,
 * attach, wait, start), {@code ps}, {@code images}, {@code version}, an error answer — against a
 * {@link ScriptedDaemon}, and builds every command's options (their usage too) so that none is left out. Each
 * command runs twice: in-process as the tests run it, then as the {@code berth} process runs it
 * ({@link BerthMain#execute}: the early ping, the process's byte streams, signal forwarding), its output dropped.
 *
 * <pre>java -XX:AOTCacheOutput=berth.aot -cp … dev.berth.cli.aot.AotTraining</pre>
 */
public final class AotTraining {
    private AotTraining() {}

    private static final List<List<String>> COMMANDS = List.of(
            List.of("run", "--rm", "hello-world"),
            List.of("run", "--rm", "-e", "A=b", "--name", "trained", "-w", "/", "-u", "0", "hello-world", "/hello"),
            List.of("create", "hello-world"),
            List.of("start", ScriptedDaemon.CONTAINER_ID),
            List.of("ps", "-a"),
            List.of("images"),
            List.of("version"),
            List.of("rm", "-f", ScriptedDaemon.CONTAINER_ID),
            List.of("inspect", "missing"),
            List.of("--help"));

    public static void main(String[] args) throws IOException {
        BerthMain.skipClassPathSearches(); // as the process does: the classes it then loads instead are trained
        UnixSockets.load(); // as the CLI's first connection does, before the scripted daemon's socket loads them
        train(new PrintWriter(Writer.nullWriter()));
    }

    /** Runs the commands, their output to {@code out}; their exit codes in order. */
    static List<Integer> train(PrintWriter out) throws IOException {
        Path dir = Files.createTempDirectory("berth-aot-training");
        Path socket = dir.resolve("daemon.sock");
        List<Integer> codes = new ArrayList<>();
        // run in-process, the commands do not ask whether the process's own streams are terminals
        Tty.isTerminal(Tty.STDIN);
        Tty.isTerminal(Tty.STDOUT);
        // System.exit asks this logger whether to log the exit: its finder and the logging backend load then
        System.getLogger("java.lang.Runtime").isLoggable(System.Logger.Level.DEBUG);
        try (ScriptedDaemon daemon = new ScriptedDaemon(socket)) {
            Map<String, String> env = Map.of("BERTH_HOST", "unix://" + socket, "DOCKER_CONFIG", dir.toString());
            for (List<String> command : COMMANDS) {
                CommandLine cl = BerthMain.commandLine(env, InputStream.nullInputStream());
                cl.setOut(out);
                cl.setErr(out);
                codes.add(cl.execute(command.toArray(String[]::new)));
            }
            for (List<String> command : COMMANDS) {
                codes.add(BerthMain.execute(command.toArray(String[]::new), env, InputStream.nullInputStream(),
                        OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), Optional.of(out)));
            }
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
        return codes;
    }
}
