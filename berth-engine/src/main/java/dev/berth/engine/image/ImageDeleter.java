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
        List<ImageStore.ImageUser> users = store.users(image.id());
        if (!isIdPrefix(image.id(), name)) {
            checkUsers(image, name, refs, users, force);
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
        } else if (!users.isEmpty()) {
            checkUsers(image, name, List.of(), users, force);
            // Forced past stopped containers: their layers are the containers' lower layers, so the image is kept
            // (untagged) where dockerd would delete it and keep its layers for the containers.
            for (ImageRef r : refs) {
                untag(r.reference(), image.id(), removals);
            }
            return removals;
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
        if (!users.isEmpty()) {
            // Untagged by force past stopped containers: kept for them, as above.
            return removals;
        }
        removals.add(new Removal.Deleted(image.id()));
        for (Digest layer : store.delete(image)) {
            removals.add(new Removal.Deleted(layer));
        }
        return removals;
    }

    /**
     * dockerd's conflicts with containers: a running container's image cannot be deleted even by force; a stopped
     * container's needs force; removing a reference that is not the image's last is no conflict.
     */
    private static void checkUsers(ImageRecord image, String name, List<ImageRef> refs,
            List<ImageStore.ImageUser> users, boolean force) {
        if (users.isEmpty() || refs.size() > 1) {
            return;
        }
        String shortId = image.id().encoded().substring(0, 12);
        ImageStore.ImageUser first = users.getFirst();
        String container = first.containerId().substring(0, 12);
        if (first.running()) {
            throw new BerthException(ErrorKind.CONFLICT, "conflict: unable to delete " + shortId
                    + " (cannot be forced) - image is being used by running container " + container);
        }
        if (!force) {
            throw new BerthException(ErrorKind.CONFLICT, refs.isEmpty()
                    ? "conflict: unable to delete " + shortId + " (must be forced) - image is being used by stopped"
                            + " container " + container
                    : "conflict: unable to remove repository reference \"" + name + "\" (must force) - container "
                            + container + " is using its referenced image " + shortId);
        }
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
