package dev.berth.engine.network;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Networks and containers' networking on disk, one JSON file each, written by write → fsync → atomic rename:
 *
 * <pre>
 * DATA_ROOT/network/
 * ├── networks/&lt;network id&gt;.json        a network (name, driver, IPAM, options, labels, bridge)
 * ├── containers/&lt;container id&gt;.json    a container's requested networking and, while it runs, its sandbox
 * ├── ipam/                              host-local's leases, one directory per CNI network name
 * └── netns/&lt;container id&gt;              the container's network namespace (bind mount of an nsfs file)
 * FILES/&lt;container id&gt;/                 its hosts, hostname and resolv.conf, bind-mounted over the image's:
 *                                        written at each start, so kept with the runtime state (a tmpfs)
 * </pre>
 */
final class NetworkStore {
    private final Path root;
    private final Path files;

    NetworkStore(Path root, Path files) {
        this.root = root;
        this.files = files;
        try {
            Files.createDirectories(networks());
            Files.createDirectories(containers());
            Files.createDirectories(ipam());
            Files.createDirectories(netnsDir());
            Files.createDirectories(files);
        } catch (IOException e) {
            throw BerthException.io("create network state under " + root, e);
        }
    }

    Path ipam() {
        return root.resolve("ipam");
    }

    Path netnsDir() {
        return root.resolve("netns");
    }

    Path netns(String containerId) {
        return netnsDir().resolve(containerId);
    }

    /** The directory of the container's host files. */
    Path files(String containerId) {
        return files.resolve(containerId);
    }

    private Path networks() {
        return root.resolve("networks");
    }

    private Path containers() {
        return root.resolve("containers");
    }

    List<Network> loadNetworks() {
        List<Network> list = new ArrayList<>();
        for (Path f : jsonFiles(networks())) {
            list.add(NetworkCodec.network(read(f)));
        }
        return list;
    }

    void save(Network n) {
        write(networks().resolve(n.id() + ".json"), NetworkCodec.network(n));
    }

    void delete(Network n) {
        delete(networks().resolve(n.id() + ".json"));
    }

    List<ContainerNetworking> loadContainers() {
        List<ContainerNetworking> list = new ArrayList<>();
        for (Path f : jsonFiles(containers())) {
            list.add(NetworkCodec.container(read(f)));
        }
        return list;
    }

    Optional<ContainerNetworking> container(String id) {
        Path f = containers().resolve(id + ".json");
        return Files.exists(f) ? Optional.of(NetworkCodec.container(read(f))) : Optional.empty();
    }

    void save(ContainerNetworking c) {
        write(containers().resolve(c.containerId() + ".json"), NetworkCodec.container(c));
    }

    void deleteContainer(String id) {
        delete(containers().resolve(id + ".json"));
    }

    private static List<Path> jsonFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw BerthException.io("list " + dir, e);
        }
    }

    private static ObjectNode read(Path f) {
        try {
            return Json.object(Files.readAllBytes(f), f.toString());
        } catch (IOException e) {
            throw BerthException.io("read " + f, e);
        }
    }

    private static void write(Path file, ObjectNode value) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw BerthException.io("write " + file, e);
        }
    }

    private static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw BerthException.io("delete " + f, e);
        }
    }
}
