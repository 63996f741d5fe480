package dev.berth.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime spec's {@code linux.seccomp} (config-linux.md "Seccomp") of a profile in docker's format, converted as
 * moby's {@code profiles/seccomp.setupSeccomp}: the {@code archMap} entry of this machine's architecture with its
 * sub-architectures; each syscall rule kept only when its {@code includes} (architectures, capabilities, least
 * kernel) all hold and its {@code excludes} do not; {@code defaultErrnoRet}, {@code errnoRet}, {@code flags} and the
 * listener fields passed on. The capabilities are the container's (after --cap-add/--cap-drop), so the default
 * profile allows {@code mount} only with CAP_SYS_ADMIN and so on. Docker's default profile is
 * {@code seccomp-default.json} beside this class (moby's {@code default.json}, Apache-2.0: see its NOTICE).
 */
public final class SeccompFilter {
    private static final String DEFAULT_PROFILE = "seccomp-default.json";
    /** {@code os.arch} → moby's architecture name (its {@code goToNative}) and libseccomp's. */
    private static final Map<String, String[]> ARCHES = Map.of(
            "amd64", new String[] {"amd64", "SCMP_ARCH_X86_64"}, "x86_64", new String[] {"amd64", "SCMP_ARCH_X86_64"},
            "aarch64", new String[] {"arm64", "SCMP_ARCH_AARCH64"}, "x86", new String[] {"x86", "SCMP_ARCH_X86"},
            "arm", new String[] {"arm", "SCMP_ARCH_ARM"}, "s390x", new String[] {"s390x", "SCMP_ARCH_S390X"},
            "ppc64le", new String[] {"ppc64le", "SCMP_ARCH_PPC64LE"},
            "riscv64", new String[] {"riscv64", "SCMP_ARCH_RISCV64"});
    private static final JsonNode BUILTIN = loadDefault();
    private static final String[] ARCH = ARCHES.getOrDefault(System.getProperty("os.arch"), new String[] {"", ""});
    private static final int[] KERNEL = kernel(osRelease());

    private SeccompFilter() {}

    /** The filter of {@code choice} for a container with capabilities {@code caps}; none when unconfined. */
    public static Optional<ObjectNode> of(Seccomp choice, List<String> caps) {
        return switch (choice) {
            case Seccomp.Unconfined u -> Optional.empty();
            case Seccomp.Builtin b -> convert(BUILTIN, caps, ARCH[0], ARCH[1], KERNEL);
            case Seccomp.Custom c -> convert(c.profile(), caps, ARCH[0], ARCH[1], KERNEL);
        };
    }

    /**
     * {@code profile} converted for a machine of architecture {@code arch} (moby's name, such as amd64) alias
     * {@code scmpArch} running kernel {@code kernel} (major, minor); empty when it sets neither a default action nor
     * a syscall, as moby's.
     */
    static Optional<ObjectNode> convert(JsonNode profile, List<String> caps, String arch, String scmpArch,
            int[] kernel) {
        String defaultAction = profile.path("defaultAction").asText("");
        JsonNode syscalls = profile.path("syscalls");
        if (defaultAction.isEmpty() && syscalls.isEmpty()) {
            return Optional.empty();
        }
        JsonNode architectures = profile.path("architectures");
        JsonNode archMap = profile.path("archMap");
        if (!architectures.isEmpty() && !archMap.isEmpty()) {
            throw BerthException.invalid("'architectures' and 'archMap' were specified in the seccomp profile, use"
                    + " either 'architectures' or 'archMap'");
        }
        ObjectNode filter = JsonNodeFactory.instance.objectNode();
        filter.put("defaultAction", defaultAction);
        copy(profile, filter, "defaultErrnoRet");
        ArrayNode arches = filter.putArray("architectures");
        architectures.forEach(arches::add);
        for (JsonNode entry : archMap) {
            if (entry.path("architecture").asText().equals(scmpArch)) {
                arches.add(scmpArch);
                entry.path("subArchitectures").forEach(arches::add);
                break;
            }
        }
        copy(profile, filter, "flags");
        copy(profile, filter, "listenerPath");
        copy(profile, filter, "listenerMetadata");
        ArrayNode rules = filter.putArray("syscalls");
        for (JsonNode call : syscalls) {
            if (applies(call, caps, arch, kernel)) {
                rules.add(rule(call));
            }
        }
        return Optional.of(filter);
    }

    private static boolean applies(JsonNode call, List<String> caps, String arch, int[] kernel) {
        JsonNode excludes = call.path("excludes");
        if (contains(excludes.path("arches"), arch) || anyIn(excludes.path("caps"), caps)
                || atLeast(kernel, excludes.path("minKernel").asText(""), false)) {
            return false;
        }
        JsonNode includes = call.path("includes");
        JsonNode arches = includes.path("arches");
        return (arches.isEmpty() || contains(arches, arch)) && allIn(includes.path("caps"), caps)
                && atLeast(kernel, includes.path("minKernel").asText(""), true);
    }

    private static ObjectNode rule(JsonNode call) {
        String name = call.path("name").asText("");
        JsonNode names = call.path("names");
        if (!name.isEmpty() && !names.isEmpty()) {
            throw BerthException.invalid("'name' and 'names' were specified in the seccomp profile, use either"
                    + " 'name' or 'names'");
        }
        ObjectNode rule = JsonNodeFactory.instance.objectNode();
        ArrayNode out = rule.putArray("names");
        if (name.isEmpty()) {
            names.forEach(out::add);
        } else {
            out.add(name);
        }
        rule.put("action", call.path("action").asText(""));
        copy(call, rule, "errnoRet");
        if (!call.path("args").isEmpty()) {
            ArrayNode args = rule.putArray("args");
            for (JsonNode arg : call.path("args")) {
                ObjectNode a = args.addObject();
                a.set("index", arg.path("index"));
                a.set("value", arg.path("value"));
                if (arg.path("valueTwo").asLong(0) != 0) {
                    a.set("valueTwo", arg.path("valueTwo"));
                }
                a.put("op", arg.path("op").asText(""));
            }
        }
        return rule;
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(field, value);
        }
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode v : array) {
            if (v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyIn(JsonNode wanted, List<String> caps) {
        for (JsonNode c : wanted) {
            if (caps.contains(c.asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean allIn(JsonNode wanted, List<String> caps) {
        for (JsonNode c : wanted) {
            if (!caps.contains(c.asText())) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code kernel} is at least {@code version} (MAJOR.MINOR); {@code ifAbsent} when none is given. */
    private static boolean atLeast(int[] kernel, String version, boolean ifAbsent) {
        if (version.isEmpty()) {
            return ifAbsent;
        }
        int[] wanted = kernel(version);
        return kernel[0] != wanted[0] ? kernel[0] > wanted[0] : kernel[1] >= wanted[1];
    }

    /** The major and minor of a kernel release such as {@code 6.1.0-18-amd64}. */
    static int[] kernel(String release) {
        String[] parts = release.split("[.-]", 3);
        try {
            return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
        } catch (NumberFormatException e) {
            throw BerthException.invalid("seccomp profile: kernel version \"" + release + "\" is not MAJOR.MINOR");
        }
    }

    private static String osRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("read the kernel version from /proc/sys/kernel/osrelease", e);
        }
    }

    private static JsonNode loadDefault() {
        try (InputStream in = SeccompFilter.class.getResourceAsStream(DEFAULT_PROFILE)) {
            if (in == null) {
                throw new IllegalStateException("the default seccomp profile " + DEFAULT_PROFILE + " is missing");
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("read the default seccomp profile " + DEFAULT_PROFILE, e);
        }
    }
}
