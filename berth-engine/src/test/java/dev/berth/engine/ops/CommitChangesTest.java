package dev.berth.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.spec.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code docker commit --change} instructions on a container config. */
class CommitChangesTest {
    @Test
    void instructions_setTheirConfigFields() {
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.putArray("Env").add("PATH=/bin").add("A=1");
        CommitChanges.apply(List.of("CMD [\"echo\", \"hi\"]", "ENTRYPOINT run me", "ENV A=2 B=\"two words\"",
                "LABEL team=ops", "EXPOSE 80 53/udp", "USER nobody", "WORKDIR /srv", "STOPSIGNAL SIGINT",
                "VOLUME /data"), config);
        assertThat(config.toString()).isEqualTo("{\"Env\":[\"PATH=/bin\",\"A=2\",\"B=two words\"],"
                + "\"Cmd\":[\"echo\",\"hi\"],\"Entrypoint\":[\"/bin/sh\",\"-c\",\"run me\"],"
                + "\"Labels\":{\"team\":\"ops\"},\"ExposedPorts\":{\"80/tcp\":{},\"53/udp\":{}},\"User\":\"nobody\","
                + "\"WorkingDir\":\"/srv\",\"StopSignal\":\"SIGINT\",\"Volumes\":{\"/data\":{}}}");
    }

    @Test
    void anInstructionDockerDoesNotAllow_isRefused() {
        assertThatThrownBy(() -> CommitChanges.apply(List.of("RUN rm -rf /"), Json.MAPPER.createObjectNode()))
                .hasMessage("run is not a valid change command");
    }
}
