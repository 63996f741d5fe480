package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.output.GoJson;
import dev.berth.cli.output.InfoPrinter;
import dev.berth.cli.output.Template;
import dev.berth.oci.BerthVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth info}: client facts, then the daemon's {@code GET /info} in docker's layout. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Display system-wide information")
public final class InfoCommand extends DaemonCommand {
    @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format output using a custom template")
    String format;

    @Override
    int run() {
        if (format != null && !format.isEmpty()) {
            JsonNode info = client().json("GET", "/info", Query.empty());
            out().println(format.equals("json") ? GoJson.marshal(info) : Template.parse(format).execute(info));
            return 0;
        }
        out().println("Client:");
        out().println(" Version:    " + BerthVersion.version());
        out().println(" Context:    default");
        out().println(" Debug Mode: false");
        out().println();
        out().println("Server:");
        out().flush();
        JsonNode info = client().json("GET", "/info", Query.empty());
        new InfoPrinter(out()).print(info);
        out().flush();
        info.path("Warnings").forEach(w -> err().println(w.asText()));
        return 0;
    }
}
