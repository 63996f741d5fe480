package dev.berth.cli.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.CliException;
import dev.berth.cli.api.EngineClient;
import dev.berth.cli.api.Query;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.output.GoJson;
import dev.berth.cli.output.Template;
import dev.berth.oci.BerthVersion;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code berth version}: the client's and the daemon's versions in docker's layout; the client part is printed
 * even when the daemon cannot be reached (then the error follows, exit 1).
 */
public final class VersionCommand extends DaemonCommand implements SpecifiedCommand {
    private static final Flag FORMAT =
            new Flag(Flag.Kind.STRING, "string", "Format output using a custom template", "-f", "--format");

    String format;

    @Override
    public CommandSpec spec() {
        spec = CommandSpec.wrapWithoutInspection(this).name("version");
        spec.usageMessage().description("Show the Berth version information");
        SpecifiedCommand.addStandardHelpOptions(spec);
        spec.addOption(FORMAT.option());
        return spec;
    }

    @Override
    int run() {
        format = Flag.option(spec, FORMAT.key()).getValue();
        PrintWriter out = out();
        if (format != null && !format.isEmpty()) {
            return formatted(out);
        }
        String apiVersion;
        CliException failure = null;
        try {
            apiVersion = client().apiVersion().toString();
        } catch (CliException e) {
            apiVersion = EngineClient.MAX_API_VERSION.toString();
            failure = e;
        }
        out.println("Client:");
        out.println(" Version:           " + BerthVersion.version());
        out.println(" API version:       " + apiVersion
                + (apiVersion.equals(EngineClient.MAX_API_VERSION.toString()) ? ""
                : " (downgraded from " + EngineClient.MAX_API_VERSION + ")"));
        out.println(" Java version:      " + Runtime.version().feature());
        out.println(" OS/Arch:           linux/" + goArch(System.getProperty("os.arch")));
        out.println(" Context:           default");
        if (failure != null) {
            out.flush();
            throw failure;
        }
        JsonNode server = client().json("GET", "/version", Query.empty());
        out.println();
        out.println("Server:" + (server.path("Platform").path("Name").asText("").isEmpty() ? ""
                : " " + server.path("Platform").path("Name").asText()));
        for (JsonNode component : server.path("Components")) {
            printComponent(out, component);
        }
        return 0;
    }

    /** {@code --format}: the template over {@code {Client: …, Server: <GET /version>}}, as docker's. */
    private int formatted(PrintWriter out) {
        ObjectNode client = JsonNodeFactory.instance.objectNode();
        client.put("Version", BerthVersion.version());
        client.put("ApiVersion", client().apiVersion().toString());
        client.put("DefaultAPIVersion", EngineClient.MAX_API_VERSION.toString());
        client.put("Os", "linux");
        client.put("Arch", goArch(System.getProperty("os.arch")));
        client.put("Context", "default");
        ObjectNode all = JsonNodeFactory.instance.objectNode();
        all.set("Client", client);
        all.set("Server", client().json("GET", "/version", Query.empty()));
        out.println(format.equals("json") ? GoJson.marshal(all, false) : Template.parse(format).execute(all));
        return 0;
    }

    private static void printComponent(PrintWriter out, JsonNode component) {
        String name = component.path("Name").asText();
        JsonNode d = component.path("Details");
        out.println(" " + name + ":");
        if (name.equals("Engine")) {
            out.println("  Version:          " + component.path("Version").asText());
            out.println("  API version:      " + d.path("ApiVersion").asText() + " (minimum version "
                    + d.path("MinAPIVersion").asText() + ")");
            out.println("  Go version:       " + d.path("GoVersion").asText());
            out.println("  Git commit:       " + d.path("GitCommit").asText());
            out.println("  Built:            " + ansic(d.path("BuildTime").asText()));
            out.println("  OS/Arch:          " + d.path("Os").asText() + "/" + d.path("Arch").asText());
            out.println("  Experimental:     " + d.path("Experimental").asText());
            return;
        }
        out.println("  Version:          " + component.path("Version").asText());
        List<String> keys = new ArrayList<>();
        d.fieldNames().forEachRemaining(keys::add);
        keys.sort(null);
        for (String key : keys) {
            String label = key + ":";
            out.println("  " + label + " ".repeat(Math.max(0, 18 - label.length())) + d.path(key).asText());
        }
    }

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /**
     * docker shows an RFC 3339 build time in Go's ANSIC layout, e.g. {@code Thu May  7 21:09:36 2026}; written out
     * here because a {@code DateTimeFormatter} with day and month names loads the JDK's locale data, a tenth of
     * {@code berth version}'s time.
     */
    static String ansic(String buildTime) {
        if (buildTime.isEmpty()) {
            return buildTime; // berthd's, as dockerd's without a build time: no parse failure to make and catch
        }
        java.time.OffsetDateTime t;
        try {
            t = java.time.OffsetDateTime.parse(buildTime);
        } catch (java.time.format.DateTimeParseException e) {
            return buildTime;
        }
        return DAYS[t.getDayOfWeek().ordinal()] + " " + MONTHS[t.getMonthValue() - 1] + " "
                + (t.getDayOfMonth() < 10 ? " " : "") + t.getDayOfMonth() + " " + twoDigits(t.getHour()) + ":"
                + twoDigits(t.getMinute()) + ":" + twoDigits(t.getSecond()) + " " + fourDigits(t.getYear());
    }

    private static String twoDigits(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static String fourDigits(int year) {
        String digits = Integer.toString(Math.abs(year));
        return (year < 0 ? "-" : "") + "0".repeat(Math.max(0, 4 - digits.length())) + digits;
    }

    private static String goArch(String javaArch) {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> javaArch;
        };
    }
}
