package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.output.GoJson;
import dev.berth.cli.output.InfoPrinter;
import dev.berth.cli.output.Template;
import dev.berth.oci.BerthVersion;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code berth info}: client facts, then the daemon's {@code GET /info} in docker's layout. */
public final class InfoCommand extends DaemonCommand implements SpecifiedCommand {
    private static final Flag FORMAT =
            new Flag(Flag.Kind.STRING, "string", "Format output using a custom template", "-f", "--format");

    String format;

    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "info", "Display system-wide information", List.of(FORMAT));
        return spec;
    }

    private void readFlags() {
        format = FORMAT.string(spec);
    }

    @Override
    int run() {
        readFlags();
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
