package dev.berth.cli.command;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.berth.cli.api.CliException;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import dev.berth.cli.output.Template;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;

/** {@code berth events}: the daemon's event stream, one line per event as docker prints it. */
public final class EventsCommand extends DaemonCommand implements SpecifiedCommand {
    private static final DateTimeFormatter RFC3339_NANO_FIXED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ns|us|ms|s|m|h)");

    private static final Flag FILTER =
            new Flag(Flag.Kind.LIST, "filter", "Filter output based on conditions provided", "-f", "--filter");
    private static final Flag FORMAT =
            new Flag(Flag.Kind.STRING, "string", "Format the output using the given Go template", "--format");
    private static final Flag SINCE =
            new Flag(Flag.Kind.STRING, "string", "Show all events created since timestamp", "--since");
    private static final Flag UNTIL =
            new Flag(Flag.Kind.STRING, "string", "Stream events until this timestamp", "--until");

    List<String> filters = new ArrayList<>();
    String format;
    String since;
    String until;

    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "events", "Get real time events from the server",
                List.of(FILTER, FORMAT, SINCE, UNTIL));
        return spec;
    }

    private void readFlags() {
        filters = new ArrayList<>(FILTER.strings(spec));
        format = FORMAT.string(spec);
        since = SINCE.string(spec);
        until = UNTIL.string(spec);
    }

    @Override
    int run() {
        readFlags();
        Query query = Query.empty();
        Instant now = Instant.now();
        if (since != null) {
            query = query.with("since", timestamp(since, now));
        }
        if (until != null) {
            query = query.with("until", timestamp(until, now));
        }
        query = Filters.add(query, filters);
        Template template = format == null || format.isEmpty() ? null
                : Template.parse(format.equals("json") ? "{{json .}}" : format);
        try (HttpResponse r = client().send("GET", "/events", query);
             MappingIterator<JsonNode> events = Json.MAPPER.readerFor(JsonNode.class)
                     .without(JsonParser.Feature.AUTO_CLOSE_SOURCE).readValues(r.body())) {
            while (events.hasNextValue()) {
                JsonNode event = events.nextValue();
                out().println(template == null ? line(event) : template.execute(event));
                out().flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("read events from daemon", e);
        }
        return 0;
    }

    /** {@code TIME TYPE ACTION ID (k=v, …)}, attributes sorted by key. */
    static String line(JsonNode event) {
        StringBuilder b = new StringBuilder();
        long nanos = event.path("timeNano").asLong();
        long seconds = event.path("time").asLong();
        if (nanos != 0 || seconds != 0) {
            Instant t = nanos != 0 ? Instant.ofEpochSecond(0, nanos) : Instant.ofEpochSecond(seconds);
            b.append(RFC3339_NANO_FIXED.format(t.atZone(ZoneId.systemDefault()))).append(' ');
        }
        JsonNode actor = event.path("Actor");
        b.append(event.path("Type").asText("")).append(' ').append(event.path("Action").asText("")).append(' ')
                .append(actor.path("ID").asText(""));
        TreeMap<String, String> attributes = new TreeMap<>();
        actor.path("Attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        if (!attributes.isEmpty()) {
            List<String> parts = new ArrayList<>();
            attributes.forEach((k, v) -> parts.add(k + "=" + v));
            b.append(" (").append(String.join(", ", parts)).append(')');
        }
        return b.toString();
    }

    /** docker's {@code GetTimestamp}: unix seconds as given, a duration back from now, or an RFC 3339 time. */
    static String timestamp(String value, Instant now) {
        if (value.matches("\\d+(\\.\\d+)?")) {
            return value;
        }
        Matcher m = DURATION.matcher(value);
        if (m.lookingAt()) {
            Duration total = Duration.ZERO;
            m.reset();
            int end = 0;
            while (m.find() && m.start() == end) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ns" -> Duration.ofNanos(n);
                    case "us" -> Duration.ofNanos(n * 1000);
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                });
                end = m.end();
            }
            if (end == value.length()) {
                Instant t = now.minus(total);
                return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
            }
        }
        try {
            Instant t = OffsetDateTime.parse(value).toInstant();
            return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
        } catch (DateTimeParseException e) {
            throw new CliException("failed to parse value as time or duration: \"" + value + "\"", 1, e);
        }
    }
}
