package dev.berth.cli.output;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The rows of {@code docker history} from {@code GET /images/{name}/history}. */
public final class HistoryRows {
    public static final String DEFAULT_FORMAT =
            "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
    /** docker's table without {@code -H}: exact dates and byte counts. */
    public static final String NON_HUMAN_FORMAT =
            "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
    public static final ObjectNode LABELS = labels();
    private static final int CREATED_BY_WIDTH = 45;

    private final boolean noTrunc;
    private final boolean human;
    private final Clock clock;
    private final boolean createdAt;

    public HistoryRows(boolean noTrunc, boolean human, Clock clock) {
        this(noTrunc, human, clock, true);
    }

    /** @param createdAt whether the rows hold {@code CreatedAt} (see {@link ContainerRows}) */
    public HistoryRows(boolean noTrunc, boolean human, Clock clock, boolean createdAt) {
        this.noTrunc = noTrunc;
        this.human = human;
        this.clock = clock;
        this.createdAt = createdAt;
    }

    public List<ObjectNode> rows(JsonNode history) {
        List<ObjectNode> rows = new ArrayList<>();
        for (JsonNode h : history) {
            Instant created = Instant.ofEpochSecond(h.path("Created").asLong());
            String id = h.path("Id").asText();
            String createdBy = h.path("CreatedBy").asText().replace("\t", " ");
            long size = h.path("Size").asLong();
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            row.put("Comment", h.path("Comment").asText());
            if (createdAt) {
                row.put("CreatedAt",
                        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(created.atZone(ZoneId.systemDefault())));
            }
            row.put("CreatedBy", noTrunc ? createdBy : ellipsis(createdBy, CREATED_BY_WIDTH));
            row.put("CreatedSince", human ? HumanDuration.of(Duration.between(created, clock.instant())) + " ago"
                    : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(created.atZone(ZoneId.systemDefault())));
            row.put("ID", noTrunc || id.equals("<missing>") ? id : ImageIds.truncate(id));
            row.put("Size", human ? HumanSize.of(size) : Long.toString(size));
            rows.add(row);
        }
        return rows;
    }

    /** docker's {@code Ellipsis}: text wider than {@code width} cut to {@code width - 1} and an ellipsis. */
    static String ellipsis(String s, int width) {
        int length = s.codePointCount(0, s.length());
        if (length <= width) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, width - 1)) + "…";
    }

    private static ObjectNode labels() {
        ObjectNode l = JsonNodeFactory.instance.objectNode();
        l.put("Comment", "COMMENT");
        l.put("CreatedAt", "CREATED AT");
        l.put("CreatedBy", "CREATED BY");
        l.put("CreatedSince", "CREATED");
        l.put("ID", "IMAGE");
        l.put("Size", "SIZE");
        return l;
    }
}
