package dev.berth.engine.container;

import dev.berth.engine.image.ImageRecord;
import dev.berth.engine.image.ImageStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code GET /containers/json}: which containers, in which order (moby {@code daemon/list.go}). Without {@code all}
 * only running ones (paused and restarting count) unless {@code limit}, {@code before} or {@code since} is given;
 * newest first; filters {@code id} (prefix), {@code name} (regular expression over the names), {@code status},
 * {@code label} ({@code key} or {@code key=value}), {@code ancestor} (image name or ID), {@code exited} (exit
 * code), {@code before} and {@code since} (a container name or ID); any other filter is refused.
 */
public final class ContainerQuery {
    private static final Set<String> KNOWN = Set.of("id", "name", "status", "label", "ancestor", "exited", "before",
            "since");

    private final Containers containers;

    public ContainerQuery(Containers containers) {
        this.containers = containers;
    }

    public List<Container> list(boolean all, int limit, Map<String, List<String>> filters) {
        for (String f : filters.keySet()) {
            if (!KNOWN.contains(f)) {
                throw BerthException.invalid("invalid filter '" + f + "'");
            }
        }
        List<Container> every = containers.list();
        Optional<Container> before = one(filters, "before");
        Optional<Container> since = one(filters, "since");
        boolean showAll = all || limit > 0 || before.isPresent() || since.isPresent();
        Predicate<Container> keep = c -> showAll || c.state().running()
                || c.state().status() == State.Status.RESTARTING;
        keep = keep.and(anyOf(filters.get("id"), (c, v) -> c.id().startsWith(v)));
        keep = keep.and(anyOf(filters.get("name"), (c, v) -> matches(v, c.name())));
        keep = keep.and(anyOf(filters.get("status"), (c, v) -> State.Status.parse(v) == c.state().status()));
        keep = keep.and(allOf(filters.get("label"), ContainerQuery::hasLabel));
        keep = keep.and(anyOf(filters.get("ancestor"), this::descendsFrom));
        keep = keep.and(anyOf(filters.get("exited"), (c, v) -> c.state().status() == State.Status.EXITED
                && c.state().exitCode() == exitCode(v)));
        List<Container> out = new ArrayList<>();
        for (Container c : every) {
            if (before.isPresent() && !c.created().isBefore(before.get().created())) {
                continue;
            }
            if (since.isPresent() && !c.created().isAfter(since.get().created())) {
                continue;
            }
            if (keep.test(c)) {
                out.add(c);
                if (limit > 0 && out.size() == limit) {
                    break;
                }
            }
        }
        return out;
    }

    private Optional<Container> one(Map<String, List<String>> filters, String name) {
        List<String> v = filters.get(name);
        if (v == null || v.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(containers.get(v.getFirst()));
    }

    private static int exitCode(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw BerthException.invalid("invalid filter 'exited=" + v + "'");
        }
    }

    private static boolean matches(String regex, String name) {
        try {
            return Pattern.compile(regex).matcher(name).find();
        } catch (PatternSyntaxException e) {
            throw BerthException.invalid("invalid filter 'name=" + regex + "'");
        }
    }

    private static boolean hasLabel(Container c, String filter) {
        int eq = filter.indexOf('=');
        Map<String, String> labels = c.labels();
        return eq < 0 ? labels.containsKey(filter)
                : filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }

    private boolean descendsFrom(Container c, String image) {
        ImageStore images = containers.images();
        if (c.imageName().equals(image)) {
            return true;
        }
        Optional<ImageRecord> named = images.find(image);
        if (named.isPresent()) {
            return named.get().id().equals(c.imageId());
        }
        return Digest.isValid(image) && Digest.parse(image).equals(c.imageId());
    }

    private static Predicate<Container> anyOf(List<String> values, java.util.function.BiPredicate<Container, String> p) {
        if (values == null || values.isEmpty()) {
            return c -> true;
        }
        return c -> values.stream().anyMatch(v -> p.test(c, v));
    }

    private static Predicate<Container> allOf(List<String> values, java.util.function.BiPredicate<Container, String> p) {
        if (values == null || values.isEmpty()) {
            return c -> true;
        }
        return c -> values.stream().allMatch(v -> p.test(c, v));
    }
}
