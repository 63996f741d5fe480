package dev.berth.oci.layer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Directory entries in the one order every walk uses: names compared as UTF-8 bytes, as Go's tools sort them. */
final class DirectoryListing {
    static final Comparator<String> BYTE_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private DirectoryListing() {}

    /** The names in {@code dir}, sorted. */
    static List<String> names(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        names.sort(BYTE_ORDER);
        return names;
    }

    /** {@code name} under {@code parent}, both relative; the root is {@code ""}. */
    static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }
}
