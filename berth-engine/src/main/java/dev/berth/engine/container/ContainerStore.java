package dev.berth.engine.container;

import dev.berth.engine.snapshot.Discard;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The daemon's container records, one JSON file per container ({@link ContainerFile}), all held in memory:
 * <pre>
 * ROOT/                       DATA_ROOT/containers
 *   ID/container.json         the record (config, host config, state, restart count)
 * </pre>
 * Names resolve as moby's {@code GetContainer}: a full ID, then a name (with or without its slash), then a unique ID
 * prefix. Names are unique: {@link #add} and {@link #rename} refuse one in use with docker's message.
 */
public final class ContainerStore {
    private static final Logger LOG = Logger.getLogger(ContainerStore.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final Discard discard;
    private final Map<String, Container> byId = new HashMap<>();
    private final Map<String, String> idByName = new HashMap<>();

    private ContainerStore(Path root, Discard discard) {
        this.root = root;
        this.discard = discard;
    }

    /** Opens (creating) the store under {@code root} and loads every record; an unreadable one is skipped, logged. */
    public static ContainerStore open(Path root) {
        return open(root, Discard.IN_PLACE);
    }

    /** As {@link #open(Path)}; a removed container's directory goes to {@code discard}. */
    public static ContainerStore open(Path root, Discard discard) {
        ContainerStore store = new ContainerStore(root.toAbsolutePath().normalize(), discard);
        try {
            Files.createDirectories(store.root);
            try (Stream<Path> dirs = Files.list(store.root)) {
                for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve(ContainerFile.NAME))).toList()) {
                    try {
                        Container c = ContainerFile.read(dir);
                        store.byId.put(c.id(), c);
                        store.idByName.put(c.name(), c.id());
                    } catch (BerthException e) {
                        LOG.log(Level.WARNING, "skip container " + dir.getFileName() + ": " + e.getMessage(), e);
                    }
                }
            }
        } catch (IOException e) {
            throw BerthException.io("open container store " + store.root, e);
        }
        return store;
    }

    /** A new random ID whose short form is not all digits (moby's {@code stringid.GenerateRandomID}). */
    public static String newId() {
        while (true) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            if (!id.substring(0, 12).chars().allMatch(Character::isDigit)) {
                return id;
            }
        }
    }

    /** The directory of container {@code id}'s record; other parts of the daemon may keep files there too. */
    public Path dir(String id) {
        return root.resolve(id);
    }

    /** A free generated name (with its slash). */
    public synchronized String generateName() {
        for (int retry = 0; ; retry++) {
            String name = "/" + Names.generate(retry);
            if (!idByName.containsKey(name)) {
                return name;
            }
        }
    }

    /** Records a new container; CONFLICT with docker's message when its name is taken. */
    public synchronized void add(Container c) {
        checkNameFree(c.name(), c.id());
        try {
            Files.createDirectories(dir(c.id()));
        } catch (IOException e) {
            throw BerthException.io("create container directory " + c.id(), e);
        }
        ContainerFile.write(dir(c.id()), c);
        byId.put(c.id(), c);
        idByName.put(c.name(), c.id());
    }

    private void checkNameFree(String name, String id) {
        String owner = idByName.get(name);
        if (owner != null && !owner.equals(id)) {
            throw new BerthException(ErrorKind.CONFLICT, "Conflict. The container name \"" + name
                    + "\" is already in use by container \"" + owner + "\". You have to remove (or rename) that"
                    + " container to be able to reuse that name.");
        }
    }

    /** Applies {@code change} to the current record of {@code id} and persists the result, atomically. */
    public synchronized Container update(String id, UnaryOperator<Container> change) {
        return apply(id, change, true);
    }

    /**
     * Applies {@code change} to the record of {@code id} in memory only, for a state that the record on disk leads a
     * restarted daemon to by itself: an AutoRemove container's exit and removal, as its restore removes such a
     * container that no longer runs, whatever it was doing (dockerd's too). A later {@link #update} saves it along.
     */
    public synchronized Container updateInMemory(String id, UnaryOperator<Container> change) {
        return apply(id, change, false);
    }

    private Container apply(String id, UnaryOperator<Container> change, boolean save) {
        Container current = byId.get(id);
        if (current == null) {
            throw noSuchContainer(id);
        }
        Container next = change.apply(current);
        if (next.equals(current)) {
            // Nothing to persist: every start clears ManuallyStopped, mostly clear already, and each write fsyncs.
            return current;
        }
        if (!next.id().equals(id)) {
            throw new IllegalArgumentException("update may not change the id of " + id);
        }
        if (!next.name().equals(current.name())) {
            checkNameFree(next.name(), id);
        }
        if (save) {
            ContainerFile.write(dir(id), next);
        }
        byId.put(id, next);
        if (!next.name().equals(current.name())) {
            idByName.remove(current.name());
            idByName.put(next.name(), id);
        }
        return next;
    }

    /** Forgets container {@code id} and deletes its directory. */
    public synchronized void remove(String id) {
        Container c = byId.remove(id);
        if (c != null) {
            idByName.remove(c.name(), id);
        }
        discard.tree(dir(id));
    }

    /** The container {@code nameOrId} names, or NOT_FOUND {@code No such container: X}. */
    public Container get(String nameOrId) {
        return find(nameOrId).orElseThrow(() -> noSuchContainer(nameOrId));
    }

    public synchronized Optional<Container> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * Resolves a full ID, a name, or a unique ID prefix; a prefix of several IDs is INVALID_ARGUMENT as in moby
     * ({@code multiple IDs found with provided prefix}).
     */
    public synchronized Optional<Container> find(String nameOrId) {
        if (nameOrId.isEmpty()) {
            return Optional.empty();
        }
        Container exact = byId.get(nameOrId);
        if (exact != null) {
            return Optional.of(exact);
        }
        String id = idByName.get(nameOrId.startsWith("/") ? nameOrId : "/" + nameOrId);
        if (id != null) {
            return Optional.of(byId.get(id));
        }
        List<Container> matches = byId.values().stream().filter(c -> c.id().startsWith(nameOrId)).toList();
        if (matches.size() > 1) {
            throw BerthException.invalid("multiple IDs found with provided prefix: " + nameOrId);
        }
        return matches.stream().findFirst();
    }

    /** All containers, newest first (the order of {@code docker ps}). */
    public synchronized List<Container> list() {
        List<Container> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing(Container::created).reversed().thenComparing(Container::id));
        return all;
    }

    public static BerthException noSuchContainer(String nameOrId) {
        return BerthException.notFound("No such container: " + nameOrId);
    }
}
