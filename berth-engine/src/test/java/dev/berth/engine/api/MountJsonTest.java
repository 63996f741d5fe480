package dev.berth.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.volume.MountPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountJsonTest {
    @Test
    void inspect_hasDockersMountPointShape() {
        String json = MountJson.inspect(List.of(
                new MountPoint(MountPoint.Type.VOLUME, "data", "/r/volumes/data/_data", "/data", "local", "z", true,
                        "", true, true, ""),
                new MountPoint(MountPoint.Type.BIND, "", "/h", "/c", "", "ro", false, "rprivate", false, false, "")))
                .toString();
        assertThat(json).isEqualTo("[{\"Type\":\"volume\",\"Name\":\"data\",\"Source\":\"/r/volumes/data/_data\","
                + "\"Destination\":\"/data\",\"Driver\":\"local\",\"Mode\":\"z\",\"RW\":true,\"Propagation\":\"\"},"
                + "{\"Type\":\"bind\",\"Source\":\"/h\",\"Destination\":\"/c\",\"Mode\":\"ro\",\"RW\":false,"
                + "\"Propagation\":\"rprivate\"}]");
    }
}
