package dev.berth.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A {@code --format} value as the docker CLI reads it: {@code table TEMPLATE} prints a header row (the template over
 * the column labels) and aligns columns; a bare {@code TEMPLATE} prints one line per row; {@code json} is
 * {@code {{json .}}}. Typed {@code \t} and {@code \n} become a tab and a newline.
 */
public record TableFormat(String template, boolean table) {
    public static TableFormat parse(String format) {
        if (format.equals("json")) {
            return new TableFormat("{{json .}}", false);
        }
        boolean table = format.startsWith("table");
        String body = table ? format.substring("table".length()) : format;
        body = body.strip().replace("\\t", "\t").replace("\\n", "\n");
        return new TableFormat(body, table);
    }

    /** Renders {@code rows}; {@code labels} maps each field name to its column header. */
    public String render(JsonNode labels, List<? extends JsonNode> rows) {
        Template t = Template.parse(template);
        StringBuilder text = new StringBuilder();
        if (table) {
            text.append(t.executeHeader(labels)).append('\n');
        }
        for (JsonNode row : rows) {
            text.append(t.executeRow(row)).append('\n');
        }
        return table ? TabWriter.docker().format(text.toString()) : text.toString();
    }
}
