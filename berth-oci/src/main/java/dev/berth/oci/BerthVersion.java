package dev.berth.oci;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The version of this Berth build, as every launcher prints it for {@code --version}. */
public final class BerthVersion {
    private static final String RESOURCE = "version.properties";
    /** {@link #RESOURCE} as named in this class's jar or classes directory. */
    private static final String ENTRY = "dev/berth/oci/" + RESOURCE;

    private BerthVersion() {}

    public static String version() {
        try (InputStream in = properties()) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("read Berth version", e);
        }
    }

    /**
     * {@link #RESOURCE}, read from the jar or directory this class came from: the class loader's search for it first
     * looks in the JDK's modules image, then opens every jar before this one on the class path and reads its
     * directory, 12 ms of CPU time where this takes 2 (a cold {@code berth version}, which asks once per process).
     * The class loader's search when there is no local code source or it cannot be read there (a JDK AOT cache
     * names the jar its classes were trained from, which may have moved since).
     */
    private static InputStream properties() {
        CodeSource source = BerthVersion.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null && source.getLocation().getProtocol().equals("file")) {
            try {
                return fromLocation(Path.of(source.getLocation().toURI()));
            } catch (IOException | URISyntaxException | IllegalArgumentException e) {
                // not readable where it was: the class loader knows where this class is now
            }
        }
        return BerthVersion.class.getResourceAsStream(RESOURCE);
    }

    private static InputStream fromLocation(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            return Files.newInputStream(location.resolve(ENTRY));
        }
        try (ZipFile jar = new ZipFile(location.toFile())) {
            ZipEntry entry = jar.getEntry(ENTRY);
            if (entry == null) {
                throw new IOException(location + " has no " + ENTRY);
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return new ByteArrayInputStream(in.readAllBytes());
            }
        }
    }

    /** picocli's version line for {@code program}: {@code berth version 0.1.0 (Java 25)}. */
    public static String[] versionLines(String program) {
        return new String[] {program + " version " + version() + " (Java " + Runtime.version().feature() + ")"};
    }
}
