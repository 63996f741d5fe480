package dev.berth.engine.build;

import dev.berth.engine.build.dockerfile.Instruction;
import dev.berth.engine.build.dockerfile.ShellLex;
import dev.berth.oci.spec.ContainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * ARG scoping of a Dockerfile. ARGs before the first FROM ("meta" args) are seen by FROM lines only; inside a stage an
 * ARG must be declared to be seen, {@code ARG NAME} taking the meta arg's value. {@code --build-arg} overrides
 * defaults; the predefined proxy args ({@code HTTP_PROXY} …) reach RUN without a declaration and stay out of
 * history. In expansion, ENV wins over ARG of the same name.
 */
final class BuildVariables {
    static final Set<String> PROXIES = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY",
            "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    private final Map<String, Optional<String>> buildArgs;
    private final Map<String, Optional<String>> meta;
    private final Set<String> consumed;
    private final Map<String, Optional<String>> declared = new LinkedHashMap<>();

    private BuildVariables(Map<String, Optional<String>> buildArgs, Map<String, Optional<String>> meta,
            Set<String> consumed) {
        this.buildArgs = buildArgs;
        this.meta = meta;
        this.consumed = consumed;
    }

    /** The meta args of {@code metaArgs}, evaluated in order with {@code buildArgs} overriding their defaults. */
    static BuildVariables global(Map<String, Optional<String>> buildArgs, List<Instruction.Arg> metaArgs,
            Set<String> consumed, char escape) {
        Map<String, Optional<String>> meta = new LinkedHashMap<>();
        ShellLex lex = new ShellLex(escape);
        for (Instruction.Arg arg : metaArgs) {
            for (Instruction.ArgDecl d : arg.args()) {
                Optional<String> value = d.defaultValue().map(v -> lex.processWord(v,
                        k -> meta.getOrDefault(k, Optional.empty())));
                if (buildArgs.containsKey(d.name()) && buildArgs.get(d.name()).isPresent()) {
                    value = buildArgs.get(d.name());
                    consumed.add(d.name());
                }
                meta.put(d.name(), value);
            }
        }
        return new BuildVariables(buildArgs, meta, consumed);
    }

    /** A fresh scope for one stage. */
    BuildVariables forStage() {
        return new BuildVariables(buildArgs, meta, consumed);
    }

    /** What FROM lines expand with. */
    Function<String, Optional<String>> metaLookup() {
        return k -> meta.getOrDefault(k, Optional.empty());
    }

    /** Declares {@code d} in this stage; its default is expanded with {@code expand}. */
    void declare(Instruction.ArgDecl d, Function<String, String> expand) {
        Optional<String> value = d.defaultValue().map(expand);
        if (value.isEmpty()) {
            value = meta.getOrDefault(d.name(), Optional.empty());
        }
        if (buildArgs.containsKey(d.name())) {
            consumed.add(d.name());
            if (buildArgs.get(d.name()).isPresent()) {
                value = buildArgs.get(d.name());
            }
        }
        declared.put(d.name(), value);
    }

    /** Variables for expansion in the stage: its environment, then its declared args. */
    Function<String, Optional<String>> lookup(ContainerConfig config) {
        Map<String, String> env = envMap(config);
        return k -> env.containsKey(k) ? Optional.of(env.get(k)) : declared.getOrDefault(k, Optional.empty());
    }

    /** The declared args with a value that no ENV overrides, by name: RUN's extra environment and history prefix. */
    Map<String, String> runArgs(ContainerConfig config) {
        Map<String, String> env = envMap(config);
        Map<String, String> out = new TreeMap<>();
        declared.forEach((k, v) -> {
            if (v.isPresent() && !env.containsKey(k)) {
                out.put(k, v.get());
            }
        });
        return out;
    }

    /** {@link #runArgs} plus the proxy args given with --build-arg: what RUN sees. */
    List<String> runEnv(ContainerConfig config) {
        List<String> out = new ArrayList<>();
        runArgs(config).forEach((k, v) -> out.add(k + "=" + v));
        Map<String, String> env = envMap(config);
        for (String p : PROXIES) {
            Optional<String> v = buildArgs.getOrDefault(p, Optional.empty());
            if (v.isPresent() && !declared.containsKey(p) && !env.containsKey(p)) {
                consumed.add(p);
                out.add(p + "=" + v.get());
            }
        }
        return out;
    }

    static Map<String, String> envMap(ContainerConfig config) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : config.env().orElse(List.of())) {
            int eq = e.indexOf('=');
            env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        return env;
    }
}
