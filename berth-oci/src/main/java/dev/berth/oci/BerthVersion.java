package dev.berth.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this Berth build, as every launcher prints it for {@code --version}. */
public final class BerthVersion {
    private BerthVersion() {}

    public static String version() {
        try (InputStream in = BerthVersion.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("read Berth version", e);
        }
    }

    /** picocli's version line for {@code program}: {@code berth version 0.1.0 (Java 25)}. */
    public static String[] versionLines(String program) {
        return new String[] {program + " version " + version() + " (Java " + Runtime.version().feature() + ")"};
    }
}
