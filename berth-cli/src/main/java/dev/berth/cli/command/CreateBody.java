package dev.berth.cli.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code POST /containers/create} body the docker CLI sends for the same flags: {@code Config} fields at the
 * top, {@code HostConfig}, {@code NetworkingConfig}; flag values checked first with docker's wording.
 */
final class CreateBody {
    private CreateBody() {}

    /**
     * @param detach      {@code run -d}: nothing attached
     * @param consoleSize rows and columns of berth's terminal ({@code 0,0} when it has none)
     */
    static ObjectNode of(ContainerOptions o, String image, List<String> args, Map<String, String> environment,
            boolean detach, int[] consoleSize) {
        boolean attachStdin = o.attach.contains("stdin") || o.interactive && o.attach.isEmpty();
        boolean attachStdout = o.attach.isEmpty() || o.attach.contains("stdout");
        boolean attachStderr = o.attach.isEmpty() || o.attach.contains("stderr");
        if (detach) {
            attachStdin = attachStdout = attachStderr = false;
        }
        validate(o);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("Hostname", o.hostname);
        body.put("Domainname", o.domainname);
        body.put("User", o.user);
        body.put("AttachStdin", attachStdin);
        body.put("AttachStdout", attachStdout);
        body.put("AttachStderr", attachStderr);
        ObjectNode exposed = JsonNodeFactory.instance.objectNode();
        ObjectNode bindings = JsonNodeFactory.instance.objectNode();
        ports(o, exposed, bindings);
        if (!exposed.isEmpty()) {
            body.set("ExposedPorts", exposed);
        }
        body.put("Tty", o.tty);
        body.put("OpenStdin", o.interactive);
        body.put("StdinOnce", o.interactive && attachStdin);
        List<String> env = environment(o, environment);
        body.set("Env", env.isEmpty() ? null : strings(env));
        body.set("Cmd", args.isEmpty() ? null : strings(args));
        health(o).ifPresent(h -> body.set("Healthcheck", h));
        body.put("Image", image);
        ObjectNode anonymous = JsonNodeFactory.instance.objectNode();
        List<String> binds = new ArrayList<>();
        for (String v : o.volumes) {
            if (v.contains(":")) {
                binds.add(v);
            } else {
                anonymous.set(v, JsonNodeFactory.instance.objectNode());
            }
        }
        body.set("Volumes", anonymous);
        body.put("WorkingDir", o.workdir);
        body.set("Entrypoint", o.entrypoint == null ? null : strings(List.of(o.entrypoint)));
        body.set("OnBuild", null);
        body.set("Labels", labels(o.labels));
        if (!o.stopSignal.isEmpty()) {
            body.put("StopSignal", o.stopSignal);
        }
        if (o.stopTimeout != null) {
            body.put("StopTimeout", FlagValues.int64(o.stopTimeout, "--stop-timeout"));
        }
        body.set("HostConfig", hostConfig(o, binds, bindings, consoleSize));
        String network = network(o);
        ObjectNode endpoint = JsonNodeFactory.instance.objectNode();
        if (!o.networkAliases.isEmpty()) {
            endpoint.set("Aliases", strings(o.networkAliases));
        }
        body.set("NetworkingConfig", JsonNodeFactory.instance.objectNode()
                .set("EndpointsConfig", JsonNodeFactory.instance.objectNode().set(network, endpoint)));
        return body;
    }

    private static void validate(ContainerOptions o) {
        if (o.autoRemove && !o.restart.isEmpty() && !o.restart.equals("no")) {
            throw new ConfigException("conflicting options: cannot specify both --restart and --rm");
        }
        boolean healthFlags = !o.healthCmd.isEmpty() || o.healthInterval != null || o.healthRetries != null
                || o.healthTimeout != null || o.healthStartPeriod != null || o.healthStartInterval != null;
        if (o.noHealthcheck && healthFlags) {
            throw new ConfigException("--no-healthcheck conflicts with --health-* options");
        }
    }

    private static String network(ContainerOptions o) {
        return o.network == null || o.network.isEmpty() ? "default" : o.network;
    }

    private static ObjectNode hostConfig(ContainerOptions o, List<String> binds, ObjectNode bindings, int[] console) {
        ObjectNode h = JsonNodeFactory.instance.objectNode();
        h.set("Binds", binds.isEmpty() ? null : strings(binds));
        h.put("ContainerIDFile", o.cidFile);
        ObjectNode log = h.putObject("LogConfig");
        log.put("Type", o.logDriver);
        log.putObject("Config");
        h.put("NetworkMode", network(o));
        h.set("PortBindings", bindings);
        ObjectNode restart = h.putObject("RestartPolicy");
        restartPolicy(o.restart, restart);
        h.put("AutoRemove", o.autoRemove);
        h.putArray("ConsoleSize").add(console[0]).add(console[1]);
        h.set("CapAdd", o.capAdd.isEmpty() ? null : strings(capabilities(o.capAdd)));
        h.set("CapDrop", o.capDrop.isEmpty() ? null : strings(capabilities(o.capDrop)));
        h.set("Dns", strings(o.dns));
        h.set("DnsOptions", strings(o.dnsOptions));
        h.set("DnsSearch", strings(o.dnsSearch));
        h.set("ExtraHosts", o.addHosts.isEmpty() ? null : strings(o.addHosts));
        h.set("GroupAdd", o.groupAdd.isEmpty() ? null : strings(o.groupAdd));
        h.put("IpcMode", o.ipc);
        h.put("PidMode", o.pid);
        h.put("Privileged", o.privileged);
        h.put("PublishAllPorts", o.publishAll);
        h.put("ReadonlyRootfs", o.readOnly);
        h.set("SecurityOpt", o.securityOpts.isEmpty() ? null : strings(securityOpts(o.securityOpts)));
        if (!o.tmpfs.isEmpty()) {
            ObjectNode tmpfs = h.putObject("Tmpfs");
            for (String t : o.tmpfs) {
                int colon = t.indexOf(':');
                tmpfs.put(colon < 0 ? t : t.substring(0, colon), colon < 0 ? "" : t.substring(colon + 1));
            }
        }
        h.put("UTSMode", o.uts);
        h.put("ShmSize", o.shmSize == null ? 0 : FlagValues.ramInBytes(o.shmSize, "--shm-size"));
        if (!o.runtime.isEmpty()) {
            h.put("Runtime", o.runtime);
        }
        h.put("CpuShares", o.cpuShares == null ? 0 : FlagValues.int64(o.cpuShares, "-c, --cpu-shares"));
        h.put("Memory", o.memory == null ? 0 : FlagValues.ramInBytes(o.memory, "-m, --memory"));
        h.put("NanoCpus", o.cpus == null ? 0 : FlagValues.nanoCpus(o.cpus));
        h.set("Devices", devices(o.devices));
        h.put("MemorySwap", o.memorySwap == null ? 0
                : o.memorySwap.equals("-1") ? -1 : FlagValues.ramInBytes(o.memorySwap, "--memory-swap"));
        h.put("MemorySwappiness", -1);
        if (o.pidsLimit != null) {
            h.put("PidsLimit", FlagValues.int64(o.pidsLimit, "--pids-limit"));
        }
        h.set("Ulimits", ulimits(o.ulimits));
        if (!o.mounts.isEmpty()) {
            ArrayNode mounts = h.putArray("Mounts");
            o.mounts.forEach(m -> mounts.add(mount(m)));
        }
        if (o.init) {
            h.put("Init", true);
        }
        return h;
    }

    private static void restartPolicy(String policy, ObjectNode restart) {
        String name = policy;
        int count = 0;
        int colon = policy.indexOf(':');
        if (colon >= 0) {
            name = policy.substring(0, colon);
            String n = policy.substring(colon + 1);
            try {
                count = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                throw new ConfigException("invalid restart policy format: maximum retry count must be an integer");
            }
        }
        restart.put("Name", name);
        restart.put("MaximumRetryCount", count);
    }

    private static List<String> capabilities(List<String> caps) {
        List<String> out = new ArrayList<>();
        for (String c : caps) {
            String up = c.toUpperCase(Locale.ROOT);
            out.add(up.equals("ALL") || up.startsWith("CAP_") ? up : "CAP_" + up);
        }
        return out;
    }

    private static ArrayNode devices(List<String> devices) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (String d : devices) {
            String[] parts = d.split(":");
            ObjectNode dev = list.addObject();
            dev.put("PathOnHost", parts[0]);
            dev.put("PathInContainer", parts.length > 1 ? parts[1] : parts[0]);
            dev.put("CgroupPermissions", parts.length > 2 ? parts[2] : "rwm");
        }
        return list;
    }

    private static ArrayNode ulimits(List<String> ulimits) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (String u : ulimits) {
            int eq = u.indexOf('=');
            if (eq <= 0) {
                throw FlagValues.invalid(u, "--ulimit", "invalid ulimit argument: " + u);
            }
            String[] limits = u.substring(eq + 1).split(":", 2);
            long soft = ulimitValue(u, limits[0]);
            long hard = limits.length > 1 ? ulimitValue(u, limits[1]) : soft;
            if (soft > hard) {
                throw FlagValues.invalid(u, "--ulimit",
                        "ulimit soft limit must be less than or equal to hard limit: " + soft + " > " + hard);
            }
            ObjectNode n = list.addObject();
            n.put("Name", u.substring(0, eq));
            n.put("Hard", hard);
            n.put("Soft", soft);
        }
        return list;
    }

    private static long ulimitValue(String flag, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw FlagValues.invalid(flag, "--ulimit", "invalid ulimit argument: " + flag);
        }
    }

    private static ObjectNode mount(String spec) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        String type = "volume";
        String source = null;
        String target = null;
        boolean readOnly = false;
        for (String field : spec.split(",")) {
            String[] kv = field.split("=", 2);
            String key = kv[0].trim().toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? kv[1] : null;
            switch (key) {
                case "type" -> type = value;
                case "source", "src" -> source = value;
                case "target", "dst", "destination" -> target = value;
                case "readonly", "ro" -> readOnly = value == null || value.equals("1") || value.equals("true");
                default -> { }
            }
        }
        if (target == null) {
            throw FlagValues.invalid(spec, "--mount", "target is required");
        }
        m.put("Type", type);
        if (source != null) {
            m.put("Source", source);
        }
        m.put("Target", target);
        if (readOnly) {
            m.put("ReadOnly", true);
        }
        return m;
    }

    private static void ports(ContainerOptions o, ObjectNode exposed, ObjectNode bindings) {
        for (String e : o.expose) {
            exposed.putObject(e.contains("/") ? e : e + "/tcp");
        }
        for (String p : o.publish) {
            String proto = "tcp";
            String spec = p;
            int slash = spec.lastIndexOf('/');
            if (slash >= 0) {
                proto = spec.substring(slash + 1);
                spec = spec.substring(0, slash);
            }
            String[] parts = spec.split(":");
            String containerPort = parts[parts.length - 1];
            String hostPort = parts.length >= 2 ? parts[parts.length - 2] : "";
            String hostIp = parts.length >= 3 ? String.join(":", Arrays.copyOf(parts, parts.length - 2)) : "";
            if (!containerPort.matches("\\d+(-\\d+)?")) {
                throw new ConfigException("invalid containerPort: " + containerPort);
            }
            String key = containerPort + "/" + proto;
            exposed.putObject(key);
            ArrayNode list = bindings.has(key) ? (ArrayNode) bindings.get(key) : bindings.putArray(key);
            list.addObject().put("HostIp", hostIp).put("HostPort", hostPort);
        }
    }

    /**
     * {@code --security-opt} as the docker CLI sends it: {@code seccomp=FILE} (unless {@code unconfined} or
     * {@code builtin}) becomes {@code seccomp=} and the file's JSON, compacted, since the daemon reads no client file.
     */
    static List<String> securityOpts(List<String> opts) {
        List<String> sent = new ArrayList<>();
        for (String opt : opts) {
            String trimmed = opt.strip();
            boolean seccomp = trimmed.startsWith("seccomp=") || trimmed.startsWith("seccomp:");
            String file = seccomp ? trimmed.substring("seccomp=".length()) : "";
            if (!seccomp || file.equals("unconfined") || file.equals("builtin")) {
                sent.add(opt);
                continue;
            }
            byte[] profile;
            try {
                profile = Files.readAllBytes(Path.of(file));
            } catch (IOException e) {
                throw new ConfigException("opening seccomp profile (" + file + ") failed: "
                        + (e instanceof NoSuchFileException ? "open " + file + ": no such file or directory"
                        : e.getMessage()), e);
            }
            try {
                sent.add("seccomp=" + Json.MAPPER.writeValueAsString(Json.MAPPER.readTree(profile)));
            } catch (IOException e) {
                throw new ConfigException("compacting json for seccomp profile (" + file + ") failed: "
                        + e.getMessage(), e);
            }
        }
        return sent;
    }

    /** {@code --env-file} lines, then {@code -e} values, checked and completed from berth's environment. */
    static List<String> environment(ContainerOptions o, Map<String, String> environment) {
        List<String> env = new ArrayList<>();
        for (String file : o.envFiles) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(file));
            } catch (NoSuchFileException e) {
                throw new ConfigException("open " + file + ": no such file or directory", e);
            } catch (IOException e) {
                throw new ConfigException("open " + file + ": " + e.getMessage(), e);
            }
            for (String line : lines) {
                String trimmed = line.stripLeading();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                if (trimmed.startsWith("=")) {
                    throw new ConfigException("invalid environment variable: " + line);
                }
                env.add(FlagValues.env(trimmed.contains("=") ? line.stripLeading() : trimmed.strip(), "--env-file",
                        environment));
            }
        }
        for (String e : o.env) {
            env.add(FlagValues.env(e, "-e, --env", environment));
        }
        return env;
    }

    private static Optional<ObjectNode> health(ContainerOptions o) {
        if (o.noHealthcheck) {
            ObjectNode h = JsonNodeFactory.instance.objectNode();
            h.putArray("Test").add("NONE");
            return Optional.of(h);
        }
        boolean any = !o.healthCmd.isEmpty() || o.healthInterval != null || o.healthRetries != null
                || o.healthTimeout != null || o.healthStartPeriod != null || o.healthStartInterval != null;
        if (!any) {
            return Optional.empty();
        }
        ObjectNode h = JsonNodeFactory.instance.objectNode();
        if (!o.healthCmd.isEmpty()) {
            h.putArray("Test").add("CMD-SHELL").add(o.healthCmd);
        }
        putDuration(h, "Interval", o.healthInterval, "--health-interval");
        putDuration(h, "Timeout", o.healthTimeout, "--health-timeout");
        putDuration(h, "StartPeriod", o.healthStartPeriod, "--health-start-period");
        putDuration(h, "StartInterval", o.healthStartInterval, "--health-start-interval");
        if (o.healthRetries != null) {
            long retries = FlagValues.int64(o.healthRetries, "--health-retries");
            if (retries < 0) {
                throw new ConfigException("--health-retries cannot be negative");
            }
            if (retries != 0) {
                h.put("Retries", retries);
            }
        }
        return Optional.of(h);
    }

    private static void putDuration(ObjectNode h, String field, String value, String flag) {
        if (value == null) {
            return;
        }
        Duration d = FlagValues.duration(value, flag);
        if (d.isNegative()) {
            throw new ConfigException(flag + " cannot be negative");
        }
        if (!d.isZero()) {
            h.put(field, d.toNanos());
        }
    }

    private static ObjectNode labels(List<String> labels) {
        ObjectNode map = JsonNodeFactory.instance.objectNode();
        for (String l : labels) {
            int eq = l.indexOf('=');
            map.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        return map;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
