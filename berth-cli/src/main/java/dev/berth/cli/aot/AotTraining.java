package dev.berth.cli.aot;

import dev.berth.cli.BerthMain;
import dev.berth.cli.api.UnixSockets;
import dev.berth.cli.terminal.Tty;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;

/**
 * The training run for bin/berth's JDK AOT cache: the cache holds the classes a recorded run loaded and linked, so
 * instead of whatever command happened to run first, this runs the common ones — {@code run --rm} (ping, create,
 * attach, wait, start), {@code ps}, {@code images}, {@code version}, an error answer — against a
 * {@link ScriptedDaemon}, and builds every command's options (their usage too) so that none is left out. Each
 * command runs twice: in-process as the tests run it, then as the {@code berth} process runs it
 * ({@link BerthMain#execute}: the early ping, the process's byte streams, signal forwarding), its output dropped.
 *
 * <p>With the argument {@code run}, it trains bin/berth's second cache, {@code berth-run.aot}, for the commands
 * that run a container and for {@code version} ({@link #RUN_COMMANDS}), each run as the process runs it and no other
 * command built: a JVM loads and links every class of its cache as it starts, whether the command uses it or not,
 * and the classes of every other command (their models, the annotations of those still annotated, help, the exit
 * logger) were a fifth of the whole cache's.
 *
 * <pre>java -XX:AOTCacheOutput=berth.aot -cp … dev.berth.cli.aot.AotTraining [run]</pre>
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

    /** The commands of {@code berth-run.aot}: those bin/berth starts from it. */
    static final List<List<String>> RUN_COMMANDS = List.of(
            List.of("run", "--rm", "hello-world"),
            List.of("run", "--rm", "-e", "A=b", "--name", "trained", "-w", "/", "-u", "0", "hello-world", "/hello"),
            List.of("create", "hello-world"),
            List.of("start", ScriptedDaemon.CONTAINER_ID),
            List.of("version"));

    public static void main(String[] args) throws IOException {
        BerthMain.skipClassPathSearches(); // as the process does: the classes it then loads instead are trained
        UnixSockets.load(); // as the CLI's first connection does, before the scripted daemon's socket loads them
        PrintWriter out = new PrintWriter(Writer.nullWriter());
        if (List.of(args).equals(List.of("run"))) {
            trainRun(out);
        } else {
            train(out);
        }
    }

    /** Runs {@link #RUN_COMMANDS} twice each as the process runs them, their output to {@code out}; the exit codes. */
    static List<Integer> trainRun(PrintWriter out) throws IOException {
        return withDaemon((env, codes) -> {
            System.getenv(); // the process's own environment, read by main; the commands are given the daemon's here
            // the process's writers encode what they print (here, the commands print to the training's own writer)
            new PrintWriter(new OutputStreamWriter(OutputStream.nullOutputStream(), StandardCharsets.UTF_8), true)
                    .println("trained");
            awaitAnswer();
            for (int round = 0; round < 2; round++) {
                for (List<String> command : RUN_COMMANDS) {
                    codes.add(asProcess(command, env, out));
                }
            }
        });
    }

    /** Runs the commands, their output to {@code out}; their exit codes in order. */
    static List<Integer> train(PrintWriter out) throws IOException {
        // System.exit asks this logger whether to log the exit: its finder and the logging backend load then
        System.getLogger("java.lang.Runtime").isLoggable(System.Logger.Level.DEBUG);
        return withDaemon((env, codes) -> {
            for (List<String> command : COMMANDS) {
                CommandLine cl = BerthMain.commandLine(env, InputStream.nullInputStream());
                cl.setOut(out);
                cl.setErr(out);
                codes.add(cl.execute(command.toArray(String[]::new)));
            }
            for (List<String> command : COMMANDS) {
                codes.add(asProcess(command, env, out));
            }
        });
    }

    /**
     * Blocks on an answer that comes from another thread, as a command's first request does when the early ping is
     * slower than the command's set-up (against the scripted daemon, it never is).
     */
    private static void awaitAnswer() {
        CompletableFuture<String> answer = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            LockSupport.parkNanos(10_000_000);
            answer.complete("answered");
        });
        answer.join();
    }

    private static int asProcess(List<String> command, Map<String, String> env, PrintWriter out) {
        return BerthMain.execute(command.toArray(String[]::new), env, InputStream.nullInputStream(),
                OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), Optional.of(out));
    }

    /** A training's commands, given the environment that names the scripted daemon, adding their exit codes. */
    private interface Session {
        void run(Map<String, String> env, List<Integer> codes);
    }

    /** Runs {@code session} against a scripted daemon of its own; the exit codes it added, in order. */
    private static List<Integer> withDaemon(Session session) throws IOException {
        Path dir = Files.createTempDirectory("berth-aot-training");
        Path socket = dir.resolve("daemon.sock");
        List<Integer> codes = new ArrayList<>();
        // run in-process, the commands do not ask whether the process's own streams are terminals
        Tty.isTerminal(Tty.STDIN);
        Tty.isTerminal(Tty.STDOUT);
        try (ScriptedDaemon daemon = new ScriptedDaemon(socket)) {
            session.run(Map.of("BERTH_HOST", "unix://" + socket, "DOCKER_CONFIG", dir.toString()), codes);
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
        return codes;
    }
}
