package dev.berth.cli;

import dev.berth.cli.api.CliException;
import dev.berth.cli.api.DaemonHost;
import dev.berth.cli.api.EarlyPing;
import dev.berth.cli.api.EngineClient;
import dev.berth.cli.command.AttachCommand;
import dev.berth.cli.command.CommitCommand;
import dev.berth.cli.command.ContainerCommand;
import dev.berth.cli.command.ContainerListCommand;
import dev.berth.cli.command.CopyCommand;
import dev.berth.cli.command.CreateCommand;
import dev.berth.cli.command.DiffCommand;
import dev.berth.cli.command.EventsCommand;
import dev.berth.cli.command.ExecCommand;
import dev.berth.cli.command.ExportCommand;
import dev.berth.cli.command.Flag;
import dev.berth.cli.command.FlagException;
import dev.berth.cli.command.InspectCommand;
import dev.berth.cli.command.KillCommand;
import dev.berth.cli.command.LogsCommand;
import dev.berth.cli.command.PauseCommand;
import dev.berth.cli.command.PortCommand;
import dev.berth.cli.command.RemoveCommand;
import dev.berth.cli.command.RenameCommand;
import dev.berth.cli.command.RestartCommand;
import dev.berth.cli.command.StartCommand;
import dev.berth.cli.command.StatsCommand;
import dev.berth.cli.command.StopCommand;
import dev.berth.cli.command.TopCommand;
import dev.berth.cli.command.UnpauseCommand;
import dev.berth.cli.command.UpdateCommand;
import dev.berth.cli.command.WaitCommand;
import dev.berth.cli.command.HistoryCommand;
import dev.berth.cli.command.ImportCommand;
import dev.berth.cli.command.ImageCommand;
import dev.berth.cli.command.ImageListCommand;
import dev.berth.cli.command.ImageRemoveCommand;
import dev.berth.cli.command.InfoCommand;
import dev.berth.cli.command.BuildCommand;
import dev.berth.cli.command.LoadCommand;
import dev.berth.cli.command.LoginCommand;
import dev.berth.cli.command.LogoutCommand;
import dev.berth.cli.command.PositionalCommand;
import dev.berth.cli.command.PullCommand;
import dev.berth.cli.command.RunCommand;
import dev.berth.cli.command.SpecifiedCommand;
import dev.berth.cli.command.PushCommand;
import dev.berth.cli.command.SaveCommand;
import dev.berth.cli.command.SystemCommand;
import dev.berth.cli.command.TagCommand;
import dev.berth.cli.command.VersionCommand;
import dev.berth.oci.BerthVersion;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Json;
import dev.berth.cli.terminal.WriterOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code berth}: the client CLI's entry point. Global options name the daemon ({@code -H}, else {@code BERTH_HOST},
 * else {@code DOCKER_HOST}, else {@value DaemonHost#DEFAULT}) and the client configuration directory
 * ({@code --config}, else {@code DOCKER_CONFIG}, else {@code ~/.docker}), as the docker CLI's do.
 */
public final class BerthMain implements Runnable, SpecifiedCommand {
    /** docker's exit status for bad flags. */
    public static final int USAGE_ERROR = 125;

    /** The global flags (with docker's {@code -h}/{@code --help} and picocli's {@code -V}/{@code --version}). */
    private static final List<Flag> FLAGS = List.of(
            new Flag(Flag.Kind.STRING, "HOST", "Daemon socket to connect to, e.g. unix:///run/berth/berth.sock",
                    "-H", "--host"),
            new Flag(Flag.Kind.STRING, "DIR", "Location of client config files (default ~/.docker)", "--config"));

    private final Map<String, String> env;
    private final InputStream stdin;
    private EngineClient client;
    /** The process's own stdout and stderr as bytes, when berth runs as a process; else the commands' writers. */
    private Optional<OutputStream> stdout = Optional.empty();
    private Optional<OutputStream> stderr = Optional.empty();
    /** The daemon's ping, asked while the command line is built (see {@link EarlyPing}). */
    private Optional<EarlyPing> earlyPing = Optional.empty();

    public BerthMain(Map<String, String> env, InputStream stdin) {
        this.env = env;
        this.stdin = stdin;
    }

    private CommandSpec spec;

    @Override
    public CommandSpec spec() {
        spec = CommandSpec.wrapWithoutInspection(this).name("berth").versionProvider(new Version());
        spec.usageMessage().description("The Berth client: sends commands to berthd, like the docker CLI.");
        SpecifiedCommand.addStandardHelpOptions(spec);
        FLAGS.forEach(flag -> spec.addOption(flag.option()));
        return spec;
    }

    private Optional<String> globalFlag(String name) {
        return Optional.ofNullable(Flag.option(spec, name).getValue());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The top-level commands, made on demand: building picocli's model of every command costs a short-lived CLI
     * more than the command itself, so {@link #main} builds only the one it runs.
     */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> c = new LinkedHashMap<>();
        c.put("image", ImageCommand::new);
        c.put("system", SystemCommand::new);
        c.put("pull", PullCommand::new);
        c.put("container", ContainerCommand::new);
        c.put("run", RunCommand::new);
        c.put("create", CreateCommand::new);
        c.put("start", StartCommand::new);
        c.put("stop", StopCommand::new);
        c.put("kill", KillCommand::new);
        c.put("restart", RestartCommand::new);
        c.put("wait", WaitCommand::new);
        c.put("rm", RemoveCommand::new);
        c.put("ps", ContainerListCommand::new);
        c.put("logs", LogsCommand::new);
        c.put("attach", AttachCommand::new);
        c.put("exec", ExecCommand::new);
        c.put("top", TopCommand::new);
        c.put("diff", DiffCommand::new);
        c.put("cp", CopyCommand::new);
        c.put("commit", CommitCommand::new);
        c.put("export", ExportCommand::new);
        c.put("rename", RenameCommand::new);
        c.put("pause", PauseCommand::new);
        c.put("unpause", UnpauseCommand::new);
        c.put("stats", StatsCommand::new);
        c.put("update", UpdateCommand::new);
        c.put("port", PortCommand::new);
        c.put("push", PushCommand::new);
        c.put("images", ImageListCommand::new);
        c.put("inspect", InspectCommand::new);
        c.put("history", HistoryCommand::new);
        c.put("tag", TagCommand::new);
        c.put("rmi", ImageRemoveCommand::new);
        c.put("save", SaveCommand::new);
        c.put("load", LoadCommand::new);
        c.put("build", BuildCommand::new);
        c.put("import", ImportCommand::new);
        c.put("login", LoginCommand::new);
        c.put("logout", LogoutCommand::new);
        c.put("version", VersionCommand::new);
        c.put("info", InfoCommand::new);
        c.put("events", EventsCommand::new);
        return Map.copyOf(c);
    }

    /** The global options that take a value, so the command name is not mistaken for one. */
    private static final Set<String> VALUED_OPTIONS = Set.of("-H", "--host", "--config");

    public static void main(String[] args) {
        skipClassPathSearches();
        Optional<String> command = commandName(args);
        int status = execute(args, System.getenv(), System.in, new FileOutputStream(FileDescriptor.out),
                new FileOutputStream(FileDescriptor.err), Optional.empty());
        if (command.isPresent() && SHUTDOWN_WORK.contains(command.get())) {
            System.exit(status);
        }
        // Not System.exit: it first asks the JDK's logger whether to log the exit, and finding the logging backend
        // searches the class path (see skipClassPathSearches). The shutdown hooks it would run are none: a raw
        // terminal is restored before its command returns, and the commands that leave work to the JVM's exit
        // (SHUTDOWN_WORK) exit through it.
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    /**
     * The commands that leave work to the JVM's exit: build's temporary {@code .dockerignore} is deleted on exit,
     * login's password prompt has the JDK's console restore the terminal's echo.
     */
    private static final Set<String> SHUTDOWN_WORK = Set.of("build", "login");

    /** The JDK's selector provider, the factory of every socket channel (docs of {@code SelectorProvider}). */
    private static final String SELECTOR_PROVIDER = "java.nio.channels.spi.SelectorProvider";
    private static final String JDK_SELECTOR_PROVIDER = "sun.nio.ch.EPollSelectorProvider";

    /**
     * picocli's type converters for {@code java.sql} and {@code java.time} types, which no berth flag has: picocli
     * registers them on every command line it builds by looking each class and its factory method up by name
     * (reflection that lists every method of {@code LocalDateTime} and the others), 2 of the 4 ms of CPU time the
     * first command line took. Its {@code picocli.converters.excludes} property names the ones to skip (a regular
     * expression per class name); {@code java.nio.file.Path}'s, which build's flags use, stays.
     */
    private static final String UNUSED_CONVERTERS = "java\\.(sql|time)\\..*";

    /**
     * Spares the process searches of the class path, each a miss that opens every jar on it (reading their
     * directories costs a short-lived CLI a sixth of its CPU time; the AOT cache spares everything else that):
     * picocli's factory looks for Groovy's {@code Closure} class, and the JDK looks for another selector provider
     * before its own at the first socket. The JDK's own is named when this JDK has it; else the JDK searches. Nor
     * does picocli look up the converters of {@link #UNUSED_CONVERTERS}.
     */
    public static void skipClassPathSearches() {
        System.setProperty("picocli.disable.closures", "true");
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", UNUSED_CONVERTERS);
        }
        if (System.getProperty(SELECTOR_PROVIDER) == null && jdkHas(JDK_SELECTOR_PROVIDER)) {
            System.setProperty(SELECTOR_PROVIDER, JDK_SELECTOR_PROVIDER);
        }
    }

    private static boolean jdkHas(String className) {
        try {
            Class.forName(className, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Runs a command as the {@code berth} process does, with the process's own standard streams as bytes: the
     * command's model alone is built, the daemon is pinged and the command's annotations or Jackson are readied on
     * other threads meanwhile. {@code writers} replaces picocli's standard output and error writers (the AOT
     * training runs this path with stand-ins). Returns the exit status.
     */
    public static int execute(String[] args, Map<String, String> env, InputStream stdin, OutputStream stdout,
            OutputStream stderr, Optional<PrintWriter> writers) {
        Optional<String> command = commandName(args);
        Optional<EarlyPing> ping = command.isPresent() && COMMANDS.containsKey(command.get())
                && !command.get().equals("logout") ? earlyPing(args, env) : Optional.empty();
        if (command.isPresent() && JSON_MAPPER_COMMANDS.contains(command.get())) {
            warmUpJson();
        }
        Supplier<Object> known = command.isPresent() ? COMMANDS.get(command.get()) : null;
        if (known != null && !(known.get() instanceof SpecifiedCommand)) {
            warmUpAnnotations(known.get());
        }
        CommandLine cl = commandLine(env, stdin, command);
        if (writers.isPresent()) {
            cl.setOut(writers.get());
            cl.setErr(writers.get());
        }
        BerthMain main = cl.getCommand();
        main.earlyPing = ping;
        main.stdout = Optional.of(stdout);
        main.stderr = Optional.of(stderr);
        try {
            return cl.execute(args);
        } finally {
            cl.getOut().flush();
            cl.getErr().flush();
        }
    }

    /**
     * The commands that use Jackson's {@code ObjectMapper} (progress and event streams, credentials, archive
     * headers); the others read and write the daemon's JSON with {@link dev.berth.cli.api.JsonTrees} alone.
     */
    private static final Set<String> JSON_MAPPER_COMMANDS = Set.of("pull", "push", "build", "load", "import", "image",
            "system", "events", "stats", "login", "logout", "cp", "container");

    /**
     * Initialises Jackson (its mapper's date formats and locale data, its parser's number constants: a fifth of a
     * short-lived CLI's CPU time) on a second core while picocli builds the command's model on this one. Class
     * initialisation is once per JVM and thread-safe: a command that needs JSON first waits for it, never repeats it.
     */
    private static void warmUpJson() {
        Thread.ofPlatform().daemon().name("json-warm-up").start(() -> {
            try {
                Json.MAPPER.writeValueAsBytes(Json.MAPPER.readTree("{\"Id\":\"0\",\"Warnings\":[],\"StatusCode\":0}"));
            } catch (IOException e) {
                throw new UncheckedIOException("parse a constant JSON document", e);
            }
        });
    }

    /**
     * Reads the command's annotations (its options, its mixins' first: they hold most) on a second core while this
     * one starts picocli: parsing them and making their proxy classes is a third of a short-lived CLI's CPU time.
     * Each field's annotations are parsed once per JVM and kept (on the class's root {@code Field}), so picocli finds
     * them ready, or waits for the field being read.
     */
    private static void warmUpAnnotations(Object command) {
        Thread.ofPlatform().daemon().name("annotations-warm-up")
                .start(() -> readAnnotations(command.getClass(), new HashSet<>()));
    }

    private static void readAnnotations(Class<?> type, Set<Class<?>> seen) {
        for (Class<?> c = type; c != null && c != Object.class && seen.add(c); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(CommandLine.Mixin.class)) {
                    readAnnotations(f.getType(), seen);
                }
                f.getAnnotations();
            }
            for (Method m : c.getDeclaredMethods()) {
                m.getAnnotations();
            }
            c.getAnnotations();
        }
    }

    /** The command line with the process's environment and standard input. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv(), System.in);
    }

    /**
     * Starts pinging the daemon that the global {@code -H}/{@code --host} (before the command) or the environment
     * names; none when that address is invalid, which the command reports when it connects.
     */
    static Optional<EarlyPing> earlyPing(String[] args, Map<String, String> env) {
        String flag = null;
        for (int i = 0; i < args.length && args[i].startsWith("-"); i++) {
            if (args[i].equals("-H") || args[i].equals("--host")) {
                flag = i + 1 < args.length ? args[i + 1] : null;
            } else if (args[i].startsWith("--host=") || args[i].startsWith("-H=")) {
                flag = args[i].substring(args[i].indexOf('=') + 1);
            }
            if (VALUED_OPTIONS.contains(args[i])) {
                i++;
            }
        }
        DaemonHost host;
        try {
            host = DaemonHost.resolve(flag, env);
        } catch (CliException e) {
            return Optional.empty();
        }
        return Optional.of(EarlyPing.start(host));
    }

    /** The first argument that is neither a global option nor its value: the command to run, if any. */
    static Optional<String> commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (VALUED_OPTIONS.contains(args[i])) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return Optional.of(args[i]);
            }
        }
        return Optional.empty();
    }

    /**
     * The command line with berth's error reporting: failures print their message alone, as the docker CLI does
     * (exit 1); usage errors exit 125 like docker's flag errors, a missing argument 1.
     */
    public static CommandLine commandLine(Map<String, String> env, InputStream stdin) {
        return commandLine(env, stdin, Optional.empty());
    }

    /** The command line with only {@code command} when it names one, else with every command (help, errors). */
    static CommandLine commandLine(Map<String, String> env, InputStream stdin, Optional<String> command) {
        CommandLine cl = new CommandLine(new BerthMain(env, stdin).spec());
        List<String> names = command.filter(COMMANDS::containsKey).map(List::of)
                .orElseGet(() -> COMMANDS.keySet().stream().sorted().toList());
        for (String name : names) {
            Object subcommand = COMMANDS.get(name).get();
            CommandLine sub = new CommandLine(subcommand instanceof SpecifiedCommand s ? s.spec() : subcommand);
            if (subcommand instanceof ContainerCommand) {
                ContainerCommand.addSpecifiedCommands(sub);
            } else if (subcommand instanceof ImageCommand) {
                ImageCommand.addSpecifiedCommands(sub);
            } else if (subcommand instanceof SystemCommand) {
                SystemCommand.addSpecifiedCommands(sub);
            }
            stopAtPositional(sub);
            // "image ls" is also "image list", but the top-level "images" has no alias, as in docker
            sub.getCommandSpec().aliases(new String[0]);
            cl.addSubcommand(name, sub);
        }
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String message = switch (e) {
                case CliException c -> c.getMessage();
                case BerthException b -> "Error: " + b.getMessage();
                case UncheckedIOException u -> u.getMessage();
                default -> throw e;
            };
            cmd.getOut().flush();
            cmd.getErr().println(message);
            if (e instanceof FlagException) {
                cmd.getErr().println();
                cmd.getErr().println(usageLine(cmd.getCommandSpec()));
            }
            if (e instanceof CliException c && c.exitCode() == USAGE_ERROR) {
                cmd.getErr().println();
                cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information");
            }
            cmd.getErr().flush();
            return e instanceof CliException c ? c.exitCode() : 1;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            boolean unknownCommand = e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                    && !u.getUnmatched().getFirst().startsWith("-") && !cmd.getSubcommands().isEmpty();
            boolean flagError = !(e instanceof CommandLine.MissingParameterException) && !unknownCommand;
            cmd.getErr().println(dockerWording(e));
            if (flagError) {
                cmd.getErr().println();
                cmd.getErr().println(usageLine(cmd.getCommandSpec()));
            }
            cmd.getErr().println();
            cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information");
            cmd.getErr().flush();
            return flagError ? USAGE_ERROR : 1;
        });
        return cl;
    }

    /** docker's run, create and exec take no flags after the image or container (see {@link PositionalCommand}). */
    private static void stopAtPositional(CommandLine cl) {
        if (cl.getCommand() instanceof PositionalCommand) {
            cl.setStopAtPositional(true);
        }
        cl.getSubcommands().values().forEach(BerthMain::stopAtPositional);
    }

    /**
     * The usage line the docker CLI prints under a flag error, e.g. {@code Usage:  berth run [OPTIONS] IMAGE [COMMAND]
     * [ARG...]}: {@code [OPTIONS]} when the command has flags beyond {@code --help}, then its arguments, a repeatable
     * one as {@code CONTAINER [CONTAINER...]}, an optional one in brackets.
     */
    static String usageLine(CommandLine.Model.CommandSpec spec) {
        StringBuilder line = new StringBuilder("Usage:  ").append(spec.qualifiedName());
        if (spec.options().stream().anyMatch(o -> !o.usageHelp() && !o.versionHelp())) {
            line.append(" [OPTIONS]");
        }
        for (CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) {
            String label = p.paramLabel();
            if (label.contains(" ")) {
                line.append(' ').append(label);
            } else if (p.arity().max() > 1) {
                line.append(' ').append(p.arity().min() == 0 ? "[" + label + "...]" : label + " [" + label + "...]");
            } else {
                line.append(' ').append(p.arity().min() == 0 ? "[" + label + "]" : label);
            }
        }
        return line.toString();
    }

    /** Flag errors worded as docker's flag library words them. */
    private static String dockerWording(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().getFirst();
            if (!arg.startsWith("-") && !e.getCommandLine().getSubcommands().isEmpty()) {
                return "berth: unknown command: " + e.getCommandLine().getCommandSpec().qualifiedName() + " " + arg;
            }
            if (arg.startsWith("--")) {
                return "unknown flag: " + arg.split("=", 2)[0];
            }
            if (arg.startsWith("-") && arg.length() > 1) {
                return "unknown shorthand flag: '" + arg.charAt(1) + "' in " + arg;
            }
        }
        return e.getMessage();
    }

    /** The daemon connection, made on first use. */
    public EngineClient client() {
        if (client == null) {
            client = new EngineClient(DaemonHost.resolve(globalFlag("--host").orElse(null), env), earlyPing);
        }
        return client;
    }

    /** The client configuration directory holding {@code config.json}. */
    public Path configDir() {
        Optional<String> config = globalFlag("--config");
        if (config.isPresent()) {
            return Path.of(config.get());
        }
        String dir = env.get("DOCKER_CONFIG");
        return dir != null && !dir.isEmpty() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".docker");
    }

    public InputStream stdin() {
        return stdin;
    }

    /** Whether berth runs as its own process with the real file descriptors (not in-process, as tests run it). */
    public boolean hasProcessStreams() {
        return stdout.isPresent();
    }

    /**
     * Standard output for bytes (a container's output): the process's file descriptor, or, in-process, bytes
     * decoded onto {@code writer}. The writer is flushed first so lines it holds come before the bytes.
     */
    public OutputStream stdout(PrintWriter writer) {
        writer.flush();
        return stdout.orElseGet(() -> new WriterOutputStream(writer));
    }

    /** Standard error for bytes, as {@link #stdout}. */
    public OutputStream stderr(PrintWriter writer) {
        writer.flush();
        return stderr.orElseGet(() -> new WriterOutputStream(writer));
    }

    public Map<String, String> env() {
        return env;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return BerthVersion.versionLines("berth");
        }
    }
}
