package dev.berth.engine.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs CNI plugins as the CNI spec (1.0, "Execution Protocol" and "Network configuration lists") has a runtime do: each
 * plugin of a configuration list is executed with {@code CNI_COMMAND}, {@code CNI_CONTAINERID}, {@code CNI_NETNS},
 * {@code CNI_IFNAME}, {@code CNI_PATH} in its environment and its configuration — the list's {@code cniVersion} and
 * {@code name} added, and for ADD the previous plugin's result as {@code prevResult} — on stdin. ADD runs the list in
 * order and returns the last result; DEL runs it in reverse and tolerates missing state, so it may be repeated.
 */
public final class Cni {
    public static final Path DEFAULT_PLUGIN_DIR = Path.of("/usr/lib/cni");

    private final Path pluginDir;

    public Cni(Path pluginDir) {
        this.pluginDir = Objects.requireNonNull(pluginDir, "pluginDir");
    }

    /** Whether the plugins {@code types} are installed. */
    public boolean installed(String... types) {
        for (String t : types) {
            if (!Files.isExecutable(pluginDir.resolve(t))) {
                return false;
            }
        }
        return true;
    }

    /** ADD: attaches {@code ifname} in {@code netns} as {@code confList} says; the last plugin's result. */
    public ObjectNode add(ObjectNode confList, String containerId, Path netns, String ifname) {
        ObjectNode prev = null;
        for (JsonNode plugin : plugins(confList)) {
            ObjectNode conf = pluginConf(confList, plugin);
            if (prev != null) {
                conf.set("prevResult", prev);
            }
            prev = run("ADD", conf, containerId, netns, ifname).orElseThrow(() -> new BerthException(
                    ErrorKind.INTERNAL, "CNI plugin " + plugin.path("type").asText() + " returned no result"));
        }
        return prev;
    }

    /** DEL: detaches {@code ifname}, plugins in reverse order; {@code netns} may be gone already. */
    public void del(ObjectNode confList, String containerId, Path netns, String ifname) {
        List<JsonNode> plugins = new ArrayList<>(plugins(confList));
        java.util.Collections.reverse(plugins);
        boolean netnsGone = !Files.exists(netns);
        for (JsonNode plugin : plugins) {
            ObjectNode conf = pluginConf(confList, plugin);
            // Given no namespace, the bridge plugin's DEL only runs its IPAM plugin's (its cmdDel: if args.Netns ==
            // "" { return ipamDel() }), which for host-local is done here.
            if (netnsGone && conf.path("type").asText().equals("bridge") && HostLocalLeases.release(
                    conf.path("ipam"), conf.path("name").asText(""), containerId, ifname)) {
                continue;
            }
            run("DEL", conf, containerId, netns, ifname);
        }
    }

    private static List<JsonNode> plugins(ObjectNode confList) {
        List<JsonNode> list = new ArrayList<>();
        confList.path("plugins").forEach(list::add);
        return list;
    }

    private static ObjectNode pluginConf(ObjectNode confList, JsonNode plugin) {
        ObjectNode conf = Json.MAPPER.createObjectNode();
        conf.put("cniVersion", confList.path("cniVersion").asText());
        conf.put("name", confList.path("name").asText());
        conf.setAll((ObjectNode) plugin.deepCopy());
        return conf;
    }

    private java.util.Optional<ObjectNode> run(String command, ObjectNode conf, String containerId, Path netns,
            String ifname) {
        String type = conf.path("type").asText();
        Path plugin = pluginDir.resolve(type);
        String action = "CNI " + command + " " + type + " for container " + containerId + " (" + ifname + ")";
        if (!Files.isExecutable(plugin)) {
            throw new BerthException(ErrorKind.FAILED_PRECONDITION, action + ": plugin " + plugin
                    + " not installed (Debian package containernetworking-plugins)");
        }
        ProcessBuilder pb = new ProcessBuilder(plugin.toString());
        Map<String, String> env = pb.environment();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", Files.exists(netns) ? netns.toString() : "");
        env.put("CNI_IFNAME", ifname);
        env.put("CNI_PATH", pluginDir.toString());
        pb.redirectErrorStream(false);
        try {
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(Json.bytes(conf));
            }
            byte[] out;
            byte[] err;
            try (InputStream o = p.getInputStream(); InputStream e = p.getErrorStream()) {
                out = o.readAllBytes();
                err = e.readAllBytes();
            }
            int code = p.waitFor();
            if (code != 0) {
                throw new BerthException(ErrorKind.INTERNAL, action + ": " + errorOf(out, err));
            }
            if (out.length == 0 || !command.equals("ADD")) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(Json.object(out, action + " result"));
        } catch (IOException e) {
            throw BerthException.io(action, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.UNAVAILABLE, action + ": interrupted");
        }
    }

    /** The spec's error result {@code {"code", "msg", "details"}}, else whatever the plugin printed. */
    private static String errorOf(byte[] out, byte[] err) {
        try {
            JsonNode e = Json.MAPPER.readTree(out);
            if (e != null && e.has("msg")) {
                String details = e.path("details").asText("");
                return e.get("msg").asText() + (details.isEmpty() ? "" : ": " + details);
            }
        } catch (IOException ignoredNotJson) {
            // not the spec's error object: fall through to the raw output
        }
        String text = (new String(out, StandardCharsets.UTF_8) + new String(err, StandardCharsets.UTF_8)).strip();
        return text.isEmpty() ? "plugin failed without a message" : text;
    }

    /** The interface {@code ifname}'s MAC and first IPv4 address (with prefix) in an ADD result. */
    public static Attached attached(ObjectNode result, String ifname) {
        ArrayNode interfaces = (ArrayNode) result.path("interfaces");
        int index = -1;
        String mac = "";
        for (int i = 0; i < interfaces.size(); i++) {
            JsonNode iface = interfaces.get(i);
            if (iface.path("name").asText().equals(ifname) && !iface.path("sandbox").asText().isEmpty()) {
                index = i;
                mac = iface.path("mac").asText();
            }
        }
        for (JsonNode ip : result.path("ips")) {
            String address = ip.path("address").asText();
            if ((!ip.has("interface") || ip.path("interface").asInt() == index) && address.contains(".")) {
                int slash = address.indexOf('/');
                return new Attached(mac, Ipv4.parse(address.substring(0, slash)),
                        Integer.parseInt(address.substring(slash + 1)));
            }
        }
        throw new BerthException(ErrorKind.INTERNAL, "CNI result has no IPv4 address for " + ifname + ": " + result);
    }

    /** What ADD gave the container's interface. */
    public record Attached(String mac, int address, int prefix) {}
}
