package dev.berth.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One message of Docker's JSON progress stream ({@code POST /images/create}, {@code push}, {@code load}):
 * moby's {@code jsonmessage.JSONMessage}. Empty strings stand for absent text fields, as in Go.
 *
 * @param stream          build-style raw output
 * @param status          e.g. {@code Pull complete}
 * @param progress        {@code progressDetail}, present even when empty ({@code {}})
 * @param progressMessage the deprecated preformatted {@code progress} text
 * @param id              e.g. a 12-hex layer id
 * @param from            the {@code from} field of events
 * @param time            seconds since the epoch, 0 when absent
 * @param timeNano        nanoseconds since the epoch, 0 when absent
 * @param error           {@code errorDetail.message}, or the deprecated {@code error}
 * @param aux             out-of-band data (push digests, load results)
 */
public record JsonMessage(String stream, String status, Optional<Progress> progress, String progressMessage, String id,
                          String from, long time, long timeNano, Optional<String> error, Optional<JsonNode> aux) {

    public static JsonMessage of(JsonNode node) {
        JsonNode detail = node.get("progressDetail");
        Optional<Progress> progress = detail == null || detail.isNull() ? Optional.empty()
                : Optional.of(new Progress(detail.path("current").asLong(), detail.path("total").asLong(),
                        detail.path("start").asLong(), detail.path("hidecounts").asBoolean(),
                        detail.path("units").asText("")));
        Optional<String> error = Optional.ofNullable(node.path("errorDetail").path("message").textValue())
                .or(() -> Optional.ofNullable(node.get("errorDetail")).map(d -> ""))
                .or(() -> Optional.ofNullable(node.path("error").textValue()).filter(s -> !s.isEmpty()));
        JsonNode aux = node.get("aux");
        return new JsonMessage(text(node, "stream"), text(node, "status"), progress, text(node, "progress"),
                text(node, "id"), text(node, "from"), node.path("time").asLong(), node.path("timeNano").asLong(),
                error, aux == null || aux.isNull() ? Optional.empty() : Optional.of(aux));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /** {@code progressDetail}: moby's {@code JSONProgress}. */
    public record Progress(long current, long total, long start, boolean hideCounts, String units) {}
}
