package dev.berth.engine.image;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.reference.Reference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code DELETE /images/{name}} with dockerd's semantics (moby {@code daemon/images/image_delete.go}): a name untags,
 * and deletes the image only when that was its last reference; an ID deletes the image with its references, unless
 * they span several repositories and {@code force} is not given.
 */
public final class ImageDeleter {
    /** One line of the answer: {@code {"Untagged": "busybox:latest"}} or {@code {"Deleted": "sha256:…"}}. */
    public sealed interface Removal {
        record Untagged(String reference) implements Removal {}

        record Deleted(Digest id) implements Removal {}
    }

    private final ImageStore store;

    public ImageDeleter(ImageStore store) {
        this.store = store;
    }

    /**
     * Deletes or untags {@code name}. Docker's {@code noprune} has nothing to act on: images have no parents to prune.
     */
    public List<Removal> delete(String name, boolean force) {
        ImageRecord image = store.get(name);
        List<Removal> removals = new ArrayList<>();
        List<ImageRef> refs = store.refsOf(image.id());
        if (!isIdPrefix(image.id(), name)) {
            Reference ref = Reference.parse(name).withDefaultTag();
            untag(ref, image.id(), removals);
            refs = store.refsOf(image.id());
            if (ref.digest().isEmpty() && refs.stream().noneMatch(r -> r.isTag() && sameRepo(r, ref))) {
                // The last tag of a repository takes that repository's digest references along.
                List<ImageRef> remaining = new ArrayList<>();
                for (ImageRef r : refs) {
                    if (!r.isTag() && sameRepo(r, ref)) {
                        untag(r.reference(), image.id(), removals);
                    } else {
                        remaining.add(r);
                    }
                }
                refs = remaining;
            }
            if (!refs.isEmpty()) {
                return removals;
            }
        } else if (isSingleReference(refs)) {
            for (ImageRef r : refs) {
                untag(r.reference(), image.id(), removals);
            }
        } else if (!refs.isEmpty() && !force) {
            throw new BerthException(ErrorKind.CONFLICT, "conflict: unable to delete " + image.id().encoded()
                    .substring(0, 12) + " (must be forced) - image is referenced in multiple repositories");
        } else {
            for (ImageRef r : refs) {
                untag(r.reference(), image.id(), removals);
            }
        }
        removals.add(new Removal.Deleted(image.id()));
        for (Digest layer : store.delete(image)) {
            removals.add(new Removal.Deleted(layer));
        }
        return removals;
    }

    private void untag(Reference ref, Digest id, List<Removal> removals) {
        if (store.untag(ref, id)) {
            removals.add(new Removal.Untagged(ref.familiarString()));
        }
    }

    private static boolean sameRepo(ImageRef r, Reference ref) {
        return r.reference().name().equals(ref.name());
    }

    /** docker's {@code isImageIDPrefix}: the name is the ID or a prefix of it, with or without {@code sha256:}. */
    static boolean isIdPrefix(Digest id, String name) {
        return id.toString().startsWith(name) || id.encoded().startsWith(name);
    }

    /**
     * docker's {@code isSingleReference}: at most one tag, and every reference (tags and digests) in the repository
     * of that tag.
     */
    static boolean isSingleReference(List<ImageRef> refs) {
        if (refs.size() <= 1) {
            return refs.size() == 1;
        }
        Optional<ImageRef> single = Optional.empty();
        Set<String> repos = new HashSet<>();
        for (ImageRef r : refs) {
            if (!r.isTag()) {
                repos.add(r.reference().name());
            } else if (single.isEmpty()) {
                repos.add(r.reference().name());
                single = Optional.of(r);
            } else {
                return false;
            }
        }
        String name = single.orElse(refs.getFirst()).reference().name();
        return repos.size() == 1 && repos.contains(name);
    }
}
