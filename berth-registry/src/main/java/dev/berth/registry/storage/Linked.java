package dev.berth.registry.storage;

import dev.berth.oci.digest.Digest;
import dev.berth.registry.api.RepositoryName;
import java.util.Objects;

/** One line of the {@link LinkFence} journal: {@code digest} was made reachable in {@code repository}. */
public record Linked(LinkKind kind, RepositoryName repository, Digest digest) {
    public Linked {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(digest, "digest");
    }

    /** Parses a journal line, {@code <kind> <repository> <digest>}. */
    static Linked parse(String line) {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected \"<kind> <repository> <digest>\"");
        }
        LinkKind kind = switch (parts[0]) {
            case "blob" -> LinkKind.BLOB;
            case "manifest" -> LinkKind.MANIFEST;
            default -> throw new IllegalArgumentException("unknown kind " + parts[0]);
        };
        return new Linked(kind, RepositoryName.of(parts[1]), Digest.parse(parts[2]));
    }

    @Override
    public String toString() {
        return kind.wire() + " " + repository + " " + digest;
    }
}
