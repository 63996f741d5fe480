package dev.berth.cli.e2e;

import dev.berth.cli.BerthMain;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the same command line through {@code berth} (in process) and the real docker CLI, against one daemon. */
final class Clients {
    /** The docker CLI 28 the parity tests compare with ({@code BERTH_TEST_DOCKER_CLI} names another). */
    static final String DOCKER = System.getenv().getOrDefault("BERTH_TEST_DOCKER_CLI", "/usr/local/bin/docker");
    private final EngineFixture engine;
    private final Path config;
    private final Map<String, String> env;

    Clients(EngineFixture engine, Path config) {
        this(engine, config, Map.of());
    }

    /** Clients whose berth sees {@code env} as its environment (the docker CLI gets it added to its own). */
    Clients(EngineFixture engine, Path config, Map<String, String> env) {
        this.engine = engine;
        this.config = config;
        this.env = Map.copyOf(env);
    }

    Processes.Run berth(String... args) {
        return berthWithInput(new byte[0], args);
    }

    Processes.Run berthWithInput(byte[] stdin, String... args) {
        return berth(engine.host(), stdin, args);
    }

    /** berth against another daemon address. */
    Processes.Run berthOn(String host, String... args) {
        return berth(host, new byte[0], args);
    }

    Processes.Run berthOnWithInput(String host, byte[] stdin, String... args) {
        return berth(host, stdin, args);
    }

    private Processes.Run berth(String host, byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> argv = new ArrayList<>(List.of("-H", host, "--config", config.toString()));
        argv.addAll(List.of(args));
        int exit = BerthMain.commandLine(env, new ByteArrayInputStream(stdin))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(argv.toArray(String[]::new));
        return new Processes.Run(exit, out.toString(), err.toString());
    }

    Processes.Run docker(String... args) {
        return dockerWithInput(new byte[0], args);
    }

    Processes.Run dockerWithInput(byte[] stdin, String... args) {
        List<String> argv = new ArrayList<>(List.of(DOCKER));
        argv.addAll(List.of(args));
        return Processes.run(argv, Map.of("DOCKER_HOST", engine.host(), "DOCKER_CONFIG", config.toString(),
                "DOCKER_CLI_HINTS", "false"), stdin);
    }
}
