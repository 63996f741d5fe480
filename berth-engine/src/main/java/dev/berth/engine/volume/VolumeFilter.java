package dev.berth.engine.volume;

import dev.berth.oci.error.BerthException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} of {@code GET /volumes} ({@code dangling}, {@code name} — a regular expression searched in the name —, {@code driver},
 * {@code label}) and of {@code POST /volumes/prune} ({@code label}, {@code label!}, {@code all}), as moby's
 * {@code volume/service/convert.go}: prune takes only anonymous volumes unless {@code all=true} (API 1.42 and later).
 */
public final class VolumeFilter {
    private static final Set<String> LIST_KEYS = Set.of("dangling", "name", "driver", "label");
    private static final Set<String> PRUNE_KEYS = Set.of("label", "label!", "all");

    private final Map<String, List<String>> filters;

    private VolumeFilter(Map<String, List<String>> filters) {
        this.filters = filters;
    }

    public static VolumeFilter forList(Map<String, List<String>> filters) {
        check(filters, LIST_KEYS);
        filters.getOrDefault("dangling", List.of()).forEach(VolumeFilter::bool);
        return new VolumeFilter(filters);
    }

    /** The prune filter; {@code anonymousOnly} is docker's default from API 1.42 on. */
    public static VolumeFilter forPrune(Map<String, List<String>> filters, boolean anonymousOnly) {
        check(filters, PRUNE_KEYS);
        List<String> all = filters.getOrDefault("all", List.of());
        if (all.size() > 1) {
            throw BerthException.invalid("invalid filter 'all=" + all + "': only one value is expected");
        }
        boolean everything = !anonymousOnly || (all.size() == 1 && parseBool(all.getFirst()));
        Map<String, List<String>> f = new java.util.HashMap<>(filters);
        f.put("dangling", List.of("true"));
        if (!everything) {
            List<String> labels = new java.util.ArrayList<>(f.getOrDefault("label", List.of()));
            labels.add(Volume.ANONYMOUS_LABEL);
            f.put("label", labels);
        }
        return new VolumeFilter(f);
    }

    private static void check(Map<String, List<String>> filters, Set<String> accepted) {
        for (String key : filters.keySet()) {
            if (!accepted.contains(key)) {
                throw BerthException.invalid("invalid filter '" + key + "'");
            }
        }
    }

    private static boolean parseBool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "t", "true" -> true;
            case "0", "f", "false" -> false;
            default -> throw BerthException.invalid("invalid filter 'all': strconv.ParseBool: parsing \"" + v
                    + "\": invalid syntax");
        };
    }

    private static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw BerthException.invalid("invalid filter 'dangling=" + v + "'");
        };
    }

    /** Whether volume {@code v}, used by {@code users} containers, passes. */
    public boolean test(Volume v, int users) {
        for (String d : filters.getOrDefault("dangling", List.of())) {
            if (bool(d) != (users == 0)) {
                return false;
            }
        }
        List<String> names = filters.getOrDefault("name", List.of());
        if (!names.isEmpty() && names.stream().noneMatch(n -> matches(n, v.name()))) {
            return false;
        }
        List<String> drivers = filters.getOrDefault("driver", List.of());
        if (!drivers.isEmpty() && !drivers.contains(v.driver())) {
            return false;
        }
        for (String l : filters.getOrDefault("label", List.of())) {
            if (!hasLabel(v.labels(), l)) {
                return false;
            }
        }
        for (String l : filters.getOrDefault("label!", List.of())) {
            if (hasLabel(v.labels(), l)) {
                return false;
            }
        }
        return true;
    }

    /** docker's {@code filters.Match}: the value is a regular expression searched in the name. */
    private static boolean matches(String pattern, String name) {
        try {
            return java.util.regex.Pattern.compile(pattern).matcher(name).find();
        } catch (java.util.regex.PatternSyntaxException e) {
            return name.contains(pattern);
        }
    }

    private static boolean hasLabel(Map<String, String> labels, String wanted) {
        int eq = wanted.indexOf('=');
        return eq < 0 ? labels.containsKey(wanted) : wanted.substring(eq + 1).equals(labels.get(wanted.substring(0, eq)));
    }
}
