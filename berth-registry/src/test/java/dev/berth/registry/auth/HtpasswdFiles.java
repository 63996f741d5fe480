package dev.berth.registry.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes htpasswd files with the real {@code htpasswd -B} (apache2-utils), for tests across the module. */
public final class HtpasswdFiles {
    private HtpasswdFiles() {}

    /** Creates {@code file} with the given user/password pairs. */
    public static Path create(Path file, String... userPasswordPairs) throws IOException, InterruptedException {
        for (int i = 0; i < userPasswordPairs.length; i += 2) {
            run("htpasswd", i == 0 ? "-cbB" : "-bB", file.toString(), userPasswordPairs[i], userPasswordPairs[i + 1]);
        }
        return file;
    }

    public static void add(Path file, String user, String password) throws IOException, InterruptedException {
        run("htpasswd", "-bB", file.toString(), user, password);
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
