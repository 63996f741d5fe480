package dev.berth.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostConfigStorageTest {
    @Test
    void hostConfig_readsBindsMountsTmpfsAndVolumesFrom() throws IOException {
        ContainerVolumes.Request r = HostConfigStorage.request(Json.MAPPER.readTree("""
                {"Binds":["/h:/c:ro"],"Tmpfs":{"/run":"size=1m"},"VolumesFrom":["other:ro"],
                 "Mounts":[{"Type":"tmpfs","Target":"/t","TmpfsOptions":{"SizeBytes":1048576,"Mode":448,
                   "Options":[["exec"]]}},
                  {"Type":"volume","Source":"v","Target":"/v","VolumeOptions":{"NoCopy":true,"Labels":{"a":"b"}}},
                  {"Type":"bind","Source":"/s","Target":"/b","ReadOnly":true,"BindOptions":{"Propagation":"rslave"}}]}
                """));
        assertThat(r.binds()).containsExactly("/h:/c:ro");
        assertThat(r.tmpfs()).containsExactly(Map.entry("/run", "size=1m"));
        assertThat(r.volumesFrom()).containsExactly("other:ro");
        assertThat(r.mounts()).containsExactly(
                new MountRequest("tmpfs", "", "/t", false, Optional.empty(), Optional.empty(),
                        Optional.of(new MountRequest.Tmpfs(1 << 20, 0700, List.of(List.of("exec"))))),
                new MountRequest("volume", "v", "/v", false, Optional.empty(),
                        Optional.of(new MountRequest.VolumeOpts(true, Map.of("a", "b"), "", Map.of())),
                        Optional.empty()),
                new MountRequest("bind", "/s", "/b", true, Optional.of(new MountRequest.Bind("rslave", false)),
                        Optional.empty(), Optional.empty()));
        assertThat(HostConfigStorage.request(Json.MAPPER.readTree("{\"Binds\":null}"))).isEqualTo(ContainerVolumes.Request.NONE);
    }

}
