package dev.berth.cli.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.api.CliException;
import dev.berth.cli.api.Query;
import java.util.List;
import java.util.Locale;

/** {@code --filter name=value} flags, sent as docker's {@code filters} JSON: {@code {"name":{"value":true}}}. */
final class Filters {
    private Filters() {}

    static Query add(Query query, List<String> flags) {
        if (flags == null || flags.isEmpty()) {
            return query;
        }
        ObjectNode filters = JsonNodeFactory.instance.objectNode();
        for (String flag : flags) {
            int eq = flag.indexOf('=');
            if (eq < 0) {
                throw new CliException("invalid argument \"" + flag + "\" for \"-f, --filter\" flag: "
                        + "bad format of filter (expected name=value)", 125, null);
            }
            String name = flag.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = flag.substring(eq + 1).strip();
            filters.withObject(name).put(value, true);
        }
        return query.with("filters", filters.toString());
    }
}
