package dev.berth.engine.image;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.reference.Reference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The filters of {@code GET /images/json} (moby {@code daemon/images/images.go}): {@code dangling}, {@code reference}
 * (glob over the familiar name, with or without tag), {@code label} ({@code key} or {@code key=value}), {@code before}
 * and {@code since} (an image, by creation time). Newest image first, as docker lists them.
 */
public final class ImageQuery {
    private static final Set<String> KEYS = Set.of("dangling", "reference", "label", "before", "since");

    private final ImageStore store;

    public ImageQuery(ImageStore store) {
        this.store = store;
    }

    /** Every image with its names. */
    public List<ImageSummary> all() {
        Map<Digest, List<ImageRef>> refs = store.refsByImage();
        List<ImageSummary> out = new ArrayList<>();
        for (ImageRecord image : store.images()) {
            List<String> tags = new ArrayList<>();
            List<String> digests = new ArrayList<>();
            for (ImageRef r : refs.getOrDefault(image.id(), List.of())) {
                (r.isTag() ? tags : digests).add(r.reference().familiarString());
            }
            out.add(new ImageSummary(image, tags, digests, store.config(image.id()).configOrEmpty().labels()));
        }
        out.sort(Comparator.comparing((ImageSummary s) -> s.image().created()).reversed());
        return out;
    }

    /** The images {@code filters} accept; an unknown filter is INVALID_ARGUMENT {@code invalid filter 'x'}. */
    public List<ImageSummary> list(Map<String, List<String>> filters) {
        for (String key : filters.keySet()) {
            if (!KEYS.contains(key)) {
                throw BerthException.invalid("invalid filter '" + key + "'");
            }
        }
        Optional<Boolean> dangling = dangling(filters);
        Optional<Instant> before = created(filters, "before");
        Optional<Instant> since = created(filters, "since");
        List<String> references = filters.getOrDefault("reference", List.of());
        List<ImageSummary> out = new ArrayList<>();
        for (ImageSummary s : all()) {
            if (before.isPresent() && !s.image().created().isBefore(before.get())) {
                continue;
            }
            if (since.isPresent() && !s.image().created().isAfter(since.get())) {
                continue;
            }
            if (!labelsMatch(s.labels(), filters.getOrDefault("label", List.of()))) {
                continue;
            }
            ImageSummary shown = references.isEmpty() ? s : withMatchingNames(s, references);
            boolean named = !shown.repoTags().isEmpty() || !shown.repoDigests().isEmpty();
            if (!references.isEmpty() && !named) {
                continue;
            }
            if (dangling.isPresent() && dangling.get() != s.dangling()) {
                continue;
            }
            out.add(shown);
        }
        return out;
    }

    /** The summary with only the names some pattern matches, as docker shows a reference-filtered image. */
    private static ImageSummary withMatchingNames(ImageSummary s, List<String> patterns) {
        List<String> tags = s.repoTags().stream().filter(n -> matchesAny(patterns, n)).toList();
        List<String> digests = s.repoDigests().stream().filter(n -> matchesAny(patterns, n)).toList();
        return new ImageSummary(s.image(), tags, digests, s.labels());
    }

    private static boolean matchesAny(List<String> patterns, String familiar) {
        String name = Reference.parse(familiar).familiarName();
        for (String p : patterns) {
            Pattern glob = glob(p);
            if (glob.matcher(familiar).matches() || glob.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    public static boolean labelsMatch(Map<String, String> labels, List<String> wanted) {
        for (String w : wanted) {
            int eq = w.indexOf('=');
            boolean ok = eq < 0 ? labels.containsKey(w) : w.substring(eq + 1).equals(labels.get(w.substring(0, eq)));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static Optional<Boolean> dangling(Map<String, List<String>> filters) {
        List<String> values = filters.getOrDefault("dangling", List.of());
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String v = values.getFirst();
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1" -> Optional.of(true);
            case "false", "0" -> Optional.of(false);
            default -> throw BerthException.invalid("invalid filter 'dangling=" + v + "'");
        };
    }

    private Optional<Instant> created(Map<String, List<String>> filters, String key) {
        List<String> values = filters.getOrDefault(key, List.of());
        if (values.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(store.get(values.getFirst()).created());
    }

    /** Go's {@code path.Match} glob: {@code *} and {@code ?} stop at {@code /}, {@code [...]} classes. */
    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = pattern.indexOf(']', i + 1);
                    if (end < 0) {
                        throw BerthException.invalid("syntax error in pattern");
                    }
                    re.append('[').append(pattern, i + 1, end).append(']');
                    i = end;
                }
                case '\\' -> {
                    if (i + 1 < pattern.length()) {
                        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
