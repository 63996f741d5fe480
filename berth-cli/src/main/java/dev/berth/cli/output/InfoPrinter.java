package dev.berth.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The server part of {@code docker info}, from {@code GET /info}, line for line as the docker CLI lays it out. */
public final class InfoPrinter {
    private final PrintWriter out;

    public InfoPrinter(PrintWriter out) {
        this.out = out;
    }

    public void print(JsonNode info) {
        line(" Containers: " + info.path("Containers").asText("0"));
        line("  Running: " + info.path("ContainersRunning").asText("0"));
        line("  Paused: " + info.path("ContainersPaused").asText("0"));
        line("  Stopped: " + info.path("ContainersStopped").asText("0"));
        line(" Images: " + info.path("Images").asText("0"));
        nonEmpty(" Server Version:", info.path("ServerVersion"));
        if (!info.path("Driver").asText("").isEmpty()) {
            line(" Storage Driver: " + info.path("Driver").asText());
            for (JsonNode pair : info.path("DriverStatus")) {
                line("  " + pair.path(0).asText() + ": " + pair.path(1).asText());
            }
        }
        nonEmpty(" Logging Driver:", info.path("LoggingDriver"));
        nonEmpty(" Cgroup Driver:", info.path("CgroupDriver"));
        nonEmpty(" Cgroup Version:", info.path("CgroupVersion"));
        JsonNode plugins = info.path("Plugins");
        line(" Plugins:");
        line("  Volume: " + joined(plugins.path("Volume")));
        line("  Network: " + joined(plugins.path("Network")));
        if (!plugins.path("Authorization").isEmpty()) {
            line("  Authorization: " + joined(plugins.path("Authorization")));
        }
        line("  Log: " + joined(plugins.path("Log")));
        line(" Swarm: " + info.path("Swarm").path("LocalNodeState").asText(""));
        runtimes(info);
        if (info.path("OSType").asText("").equals("linux")) {
            line(" Init Binary: " + info.path("InitBinary").asText(""));
            line(" containerd version: " + info.path("ContainerdCommit").path("ID").asText(""));
            line(" runc version: " + info.path("RuncCommit").path("ID").asText(""));
            line(" init version: " + info.path("InitCommit").path("ID").asText(""));
            securityOptions(info.path("SecurityOptions"));
        }
        nonEmpty(" Kernel Version:", info.path("KernelVersion"));
        nonEmpty(" Operating System:", info.path("OperatingSystem"));
        nonEmpty(" OSType:", info.path("OSType"));
        nonEmpty(" Architecture:", info.path("Architecture"));
        line(" CPUs: " + info.path("NCPU").asText("0"));
        line(" Total Memory: " + HumanSize.binary(info.path("MemTotal").asDouble()));
        nonEmpty(" Name:", info.path("Name"));
        nonEmpty(" ID:", info.path("ID"));
        line(" Docker Root Dir: " + info.path("DockerRootDir").asText(""));
        line(" Debug Mode: " + info.path("Debug").asBoolean());
        nonEmpty(" HTTP Proxy:", info.path("HttpProxy"));
        nonEmpty(" HTTPS Proxy:", info.path("HttpsProxy"));
        nonEmpty(" No Proxy:", info.path("NoProxy"));
        if (!info.path("Labels").isEmpty()) {
            line(" Labels:");
            info.path("Labels").forEach(l -> line("  " + l.asText()));
        }
        line(" Experimental: " + info.path("ExperimentalBuild").asBoolean());
        registries(info.path("RegistryConfig"));
        line(" Live Restore Enabled: " + info.path("LiveRestoreEnabled").asBoolean());
        nonEmpty(" Product License:", info.path("ProductLicense"));
        line("");
    }

    private void runtimes(JsonNode info) {
        List<String> names = new ArrayList<>();
        info.path("Runtimes").fieldNames().forEachRemaining(names::add);
        if (!names.isEmpty()) {
            names.sort(null);
            line(" Runtimes: " + String.join(" ", names));
            line(" Default Runtime: " + info.path("DefaultRuntime").asText(""));
        }
    }

    /** {@code name=seccomp,profile=default} entries: each name, and its profile when it has one. */
    private void securityOptions(JsonNode options) {
        if (options.isEmpty()) {
            return;
        }
        line(" Security Options:");
        for (JsonNode option : options) {
            String profile = null;
            for (String kv : option.asText().split(",")) {
                int eq = kv.indexOf('=');
                String key = eq < 0 ? kv : kv.substring(0, eq);
                String value = eq < 0 ? "" : kv.substring(eq + 1);
                if (key.equals("name")) {
                    line("  " + value);
                } else if (key.equals("profile")) {
                    profile = value;
                }
            }
            if (profile != null) {
                line("   Profile: " + profile);
            }
        }
    }

    private void registries(JsonNode config) {
        List<String> insecure = new ArrayList<>();
        config.path("IndexConfigs").forEach(index -> {
            if (!index.path("Secure").asBoolean(true)) {
                insecure.add(index.path("Name").asText());
            }
        });
        for (JsonNode cidr : config.path("InsecureRegistryCIDRs")) {
            insecure.add(cidr.isTextual() ? cidr.asText()
                    : cidr.path("IP").asText() + "/" + maskBits(cidr.path("Mask").asText("")));
        }
        if (!insecure.isEmpty() || !config.path("IndexConfigs").isEmpty()) {
            line(" Insecure Registries:");
            insecure.forEach(r -> line("  " + r));
        }
        if (!config.path("Mirrors").isEmpty()) {
            line(" Registry Mirrors:");
            config.path("Mirrors").forEach(m -> line("  " + m.asText()));
        }
    }

    /** An older {@code net.IPMask} marshals as base64 bytes (newer daemons send "127.0.0.0/8"): prefix length. */
    private static int maskBits(String base64) {
        int bits = 0;
        for (byte b : Base64.getDecoder().decode(base64)) {
            bits += Integer.bitCount(b & 0xff);
        }
        return bits;
    }

    private void nonEmpty(String label, JsonNode value) {
        String text = value.asText("");
        if (!text.isEmpty()) {
            line(label + " " + text);
        }
    }

    private static String joined(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(n -> parts.add(n.asText()));
        return String.join(" ", parts);
    }

    private void line(String s) {
        out.println(s);
    }
}
