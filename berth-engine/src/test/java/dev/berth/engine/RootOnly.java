package dev.berth.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Containers need root, runc and conmon; tests that run them skip elsewhere. */
public final class RootOnly {
    private RootOnly() {}

    public static void assume() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "containers need root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc"))
                && Files.isExecutable(Path.of("/usr/bin/conmon")), "runc and conmon are installed by scripts/deps.sh");
    }
}
