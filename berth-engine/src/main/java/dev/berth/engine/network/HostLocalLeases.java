package dev.berth.engine.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The release of a container interface's addresses from host-local, the CNI IPAM plugin of berth's bridge networks,
 * done as that plugin's DEL does it (containernetworking/plugins, ipam/host-local backend/disk: ReleaseByID): under
 * an exclusive flock of {@code DATADIR/NETWORK/lock}, each lease file {@code DATADIR/NETWORK/ADDRESS} whose content
 * is {@code ID\r\nIFNAME} is deleted (else, as it falls back to, one holding the id alone). Once the container's
 * namespace is gone this is all the bridge plugin's DEL does; doing it here spares the start of a Go program and the
 * spawn of it, 4-8 ms of each container's exit before its removal can be answered. The same lock keeps it apart from
 * the plugin's own ADDs and DELs for other containers.
 */
final class HostLocalLeases {
    private HostLocalLeases() {}

    /**
     * Releases what {@code ipam} (a host-local configuration with a {@code dataDir}) holds for {@code containerId}'s
     * interface {@code ifname} in network {@code network}; false, with nothing done, where the configuration is not one
     * this knows (no data dir, no lock file yet), for the plugin to do it.
     */
    static boolean release(JsonNode ipam, String network, String containerId, String ifname) {
        String dataDir = ipam.path("dataDir").asText("");
        if (!ipam.path("type").asText("").equals("host-local") || dataDir.isEmpty() || network.isEmpty()) {
            return false;
        }
        Path dir = Path.of(dataDir, network);
        Path lock = dir.resolve("lock");
        if (!Files.isRegularFile(lock)) {
            return false;
        }
        try {
            return Syscalls.withFlock(lock, () -> {
                if (!releaseMatching(dir, containerId.strip() + "\r\n" + ifname)) {
                    releaseMatching(dir, containerId.strip());
                }
                return true;
            });
        } catch (IOException e) {
            throw BerthException.io("release the addresses of container " + containerId + " (" + ifname + ")", e);
        }
    }

    private static boolean releaseMatching(Path dir, String lease) throws IOException {
        boolean found = false;
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            String content;
            try {
                content = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                continue;
            }
            if (content.strip().equals(lease)) {
                Files.deleteIfExists(f);
                found = true;
            }
        }
        return found;
    }
}
