package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.spec.Json;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CreateRequestJsonTest {
    private static final String ID = "0123456789ab" + "c".repeat(52);

    private static JsonNode json(String text) {
        return Json.object(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), "test");
    }

    @Test
    void readsWhatTheDockerCliSends() {
        JsonNode config = json("""
                {"Hostname": "", "ExposedPorts": {"80/tcp": {}, "8080/tcp": {}}}""");
        JsonNode host = json("""
                {"NetworkMode": "front", "PublishAllPorts": true,
                 "PortBindings": {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8081"}],
                                  "53/udp": [{"HostIp": "", "HostPort": "5300-5310"}],
                                  "9000/tcp": [{"HostIp": "", "HostPort": ""}]},
                 "ExtraHosts": ["db:10.0.0.2"], "Dns": ["10.0.0.53"], "Links": ["/web:/me/www"]}""");
        JsonNode networking = json("""
                {"EndpointsConfig": {"front": {"Aliases": ["api"], "IPAMConfig": {"IPv4Address": "10.1.0.9"}}}}""");
        ContainerRequest r = CreateRequestJson.request(ID, "me", config, host, networking);
        assertThat(r.hostname()).isEqualTo("0123456789ab");
        assertThat(r.networkMode()).isEqualTo("front");
        assertThat(r.publishAll()).isTrue();
        assertThat(r.exposed()).containsExactly("80/tcp", "8080/tcp", "53/udp", "9000/tcp");
        assertThat(r.ports()).containsExactly(PortMapping.of(80, "tcp", "127.0.0.1", 8081),
                new PortMapping(53, "udp", "", 5300, 5310), PortMapping.of(9000, "tcp", "", 0));
        assertThat(r.endpoints().get("front")).isEqualTo(new ContainerRequest.EndpointRequest(List.of("api"),
                Optional.of("10.1.0.9")));
        assertThat(r.hosts().extraHosts()).containsExactly("db:10.0.0.2");
        assertThat(r.hosts().links()).containsExactly("/web:/me/www");
    }

    @Test
    void badBindings_areRefused() {
        JsonNode host = json("""
                {"PortBindings": {"80/tcp": [{"HostPort": "eighty"}]}}""");
        assertThatThrownBy(() -> CreateRequestJson.request(ID, "me", json("{}"), host, json("{}")))
                .hasMessage("invalid port specification: \"eighty\"");
        JsonNode addHost = json("""
                {"ExtraHosts": ["nocolon"]}""");
        assertThatThrownBy(() -> CreateRequestJson.request(ID, "me", json("{}"), addHost, json("{}")))
                .hasMessageContaining("bad format for add-host: \"nocolon\"");
    }

    /** sctp ports are exposed as docker's; berthd's port proxy does not relay sctp, so none is published. */
    @Test
    void anSctpPort_isExposed_butNotPublished() {
        JsonNode exposing = json("""
                {"ExposedPorts": {"80/sctp": {}}}""");
        assertThat(CreateRequestJson.request(ID, "me", exposing, json("{}"), json("{}")).exposed())
                .containsExactly("80/sctp");
        JsonNode publish = json("""
                {"PortBindings": {"80/sctp": [{"HostIp": "", "HostPort": "8080"}]}}""");
        assertThatThrownBy(() -> CreateRequestJson.request(ID, "me", json("{}"), publish, json("{}")))
                .hasMessage("-p 80/sctp (HostConfig.PortBindings) is not supported by berthd");
        JsonNode publishAll = json("""
                {"PublishAllPorts": true}""");
        assertThatThrownBy(() -> CreateRequestJson.request(ID, "me", exposing, publishAll, json("{}")))
                .hasMessage("-P with port 80/sctp exposed (HostConfig.PublishAllPorts) is not supported by berthd");
    }
}
