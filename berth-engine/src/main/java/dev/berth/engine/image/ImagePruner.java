package dev.berth.engine.image;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /images/prune} (moby {@code ImagesPrune}): removes dangling images, or with {@code dangling=false} every
 * image no container uses; {@code until} and {@code label} / {@code label!} narrow the choice. Answers what was
 * removed and the bytes of layers freed.
 */
public final class ImagePruner {
    private static final Set<String> KEYS = Set.of("dangling", "until", "label", "label!");

    /** What a prune removed, in {@code DELETE /images} form, and the bytes of layer directories freed. */
    public record Report(List<ImageDeleter.Removal> removals, long spaceReclaimed) {
        public Report {
            removals = List.copyOf(removals);
        }
    }

    private final ImageStore store;
    private final ImageDeleter deleter;

    public ImagePruner(ImageStore store) {
        this.store = store;
        this.deleter = new ImageDeleter(store);
    }

    public Report prune(Map<String, List<String>> filters) {
        for (String key : filters.keySet()) {
            if (!KEYS.contains(key)) {
                throw BerthException.invalid("invalid filter '" + key + "'");
            }
        }
        boolean danglingOnly = ImageQuery.dangling(filters).orElse(true);
        Optional<Instant> until = filters.getOrDefault("until", List.of()).stream().findFirst().map(ImagePruner::time);
        List<ImageDeleter.Removal> removals = new ArrayList<>();
        Map<Digest, Long> layerSizes = new HashMap<>();
        for (ImageSummary s : new ImageQuery(store).all()) {
            if (danglingOnly && !s.dangling() || !store.users(s.image().id()).isEmpty()) {
                continue;
            }
            if (until.isPresent() && !s.image().created().isBefore(until.get())) {
                continue;
            }
            if (!ImageQuery.labelsMatch(s.labels(), filters.getOrDefault("label", List.of()))
                    || excluded(s.labels(), filters.getOrDefault("label!", List.of()))) {
                continue;
            }
            s.image().layers().forEach(l -> layerSizes.put(l.chainId(), l.size()));
            for (ImageRef r : store.refsOf(s.image().id())) {
                removals.addAll(deleter.delete(r.reference().toString(), false));
            }
            if (store.find(s.image().id().toString()).isPresent()) {
                removals.addAll(deleter.delete(s.image().id().toString(), false));
            }
        }
        long reclaimed = 0;
        for (ImageDeleter.Removal r : removals) {
            if (r instanceof ImageDeleter.Removal.Deleted d) {
                reclaimed += layerSizes.getOrDefault(d.id(), 0L);
            }
        }
        store.events().publish(new dev.berth.engine.event.Event("image", "prune", "",
                Map.of("reclaimed", Long.toString(reclaimed)), Instant.now()));
        return new Report(removals, reclaimed);
    }

    private static boolean excluded(Map<String, String> labels, List<String> unwanted) {
        for (String u : unwanted) {
            if (ImageQuery.labelsMatch(labels, List.of(u))) {
                return true;
            }
        }
        return false;
    }

    /** docker's {@code until}: Unix seconds (with fraction), an RFC 3339 time, or a duration before now (10m, 2h). */
    static Instant time(String value) {
        try {
            if (value.matches("\\d+(\\.\\d+)?")) {
                double seconds = Double.parseDouble(value);
                return Instant.ofEpochSecond((long) seconds, (long) ((seconds % 1) * 1e9));
            }
            if (value.matches("\\d+(ns|us|ms|s|m|h)")) {
                return Instant.now().minus(java.time.Duration.parse("PT" + durationPart(value)));
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw BerthException.invalid("failed to parse value as time or duration: \"" + value + "\"");
        }
    }

    private static String durationPart(String value) {
        long n = Long.parseLong(value.replaceAll("\\D", ""));
        String unit = value.replaceAll("\\d", "");
        return switch (unit) {
            case "h" -> n + "H";
            case "m" -> n + "M";
            case "s" -> n + "S";
            case "ms" -> (n / 1000.0) + "S";
            case "us" -> (n / 1_000_000.0) + "S";
            default -> (n / 1_000_000_000.0) + "S";
        };
    }
}
