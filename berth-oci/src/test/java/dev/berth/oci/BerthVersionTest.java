package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BerthVersionTest {
    @Test
    void version_fromTheClassesDirectory_isTheBuildsVersion() throws Exception {
        assertThat(BerthVersion.version()).isEqualTo(fromClassLoader()).isNotBlank().doesNotContain("${");
    }

    @Test
    void version_fromAJar_isReadFromThatJar(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("berth-oci.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String entry : new String[] {"dev/berth/oci/BerthVersion.class", "dev/berth/oci/version.properties"}) {
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = BerthVersion.class.getClassLoader().getResourceAsStream(entry)) {
                    out.write(in.readAllBytes());
                }
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Class<?> inJar = loader.loadClass(BerthVersion.class.getName());

            assertThat(inJar.getProtectionDomain().getCodeSource().getLocation().getPath()).endsWith("berth-oci.jar");
            assertThat(inJar.getMethod("version").invoke(null)).isEqualTo(fromClassLoader());
        }
    }

    private static String fromClassLoader() throws Exception {
        try (InputStream in = BerthVersion.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }
}
