package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SubnetTest {
    @Test
    void parse_andFormat_roundTrip() {
        assertThat(Subnet.parse("172.18.0.0/16").toString()).isEqualTo("172.18.0.0/16");
        assertThat(Ipv4.format(Subnet.parse("10.0.0.0/8").last())).isEqualTo("10.255.255.255");
        assertThat(Ipv4.format(Subnet.parse("192.168.16.0/20").host(1))).isEqualTo("192.168.16.1");
    }

    @Test
    void badInput_hasDockersWording() {
        assertThatThrownBy(() -> Subnet.parse("10.0.0.0")).isInstanceOf(BerthException.class)
                .hasMessage("invalid CIDR address: 10.0.0.0");
        assertThatThrownBy(() -> Subnet.parse("10.0.0.1/8")).hasMessageContaining("host bits set");
        assertThatThrownBy(() -> Subnet.parse("10.0.0.0/33")).hasMessage("invalid CIDR address: 10.0.0.0/33");
        assertThatThrownBy(() -> Ipv4.parse("256.1.1.1")).hasMessage("invalid IP address: 256.1.1.1");
        assertThatThrownBy(() -> Ipam.of(Subnet.parse("10.1.0.0/24"), Optional.of("10.2.0.1"), Optional.empty()))
                .hasMessageContaining("not in subnet");
    }

    @Test
    void overlaps_inBothDirections() {
        Subnet big = Subnet.parse("10.0.0.0/8");
        Subnet small = Subnet.parse("10.1.2.0/24");
        assertThat(big.overlaps(small)).isTrue();
        assertThat(small.overlaps(big)).isTrue();
        assertThat(small.overlaps(Subnet.parse("10.1.3.0/24"))).isFalse();
    }

    @Property
    void anAddressIsInTheSubnetContainingIt(@ForAll int address, @ForAll @IntRange(min = 0, max = 32) int prefix) {
        Subnet s = Subnet.containing(address, prefix);
        assertThat(s.contains(address)).isTrue();
        assertThat(s.contains(s.last())).isTrue();
        assertThat(Ipv4.parse(Ipv4.format(address))).isEqualTo(address);
    }

    @Test
    void pool_skipsUsedSubnetsAndHostRoutes() {
        List<Subnet> routes = List.of(Subnet.parse("172.17.0.0/16"));
        assertThat(SubnetPool.next(List.of(), routes)).hasToString("172.18.0.0/16");
        assertThat(SubnetPool.next(List.of(Subnet.parse("172.18.5.0/24")), routes)).hasToString("172.19.0.0/16");
        assertThat(SubnetPool.next(List.of(), List.of())).hasToString("172.17.0.0/16");
    }

    @Test
    void networkModes_parseAsDocker() {
        assertThat(NetworkMode.parse("")).isEqualTo(new NetworkMode.Bridge());
        assertThat(NetworkMode.parse("default")).isEqualTo(new NetworkMode.Bridge());
        assertThat(NetworkMode.parse("host")).isEqualTo(new NetworkMode.Host());
        assertThat(NetworkMode.parse("none")).isEqualTo(new NetworkMode.None());
        assertThat(NetworkMode.parse("container:web")).isEqualTo(new NetworkMode.Container("web"));
        assertThat(NetworkMode.parse("front")).isEqualTo(new NetworkMode.Named("front"));
        assertThatThrownBy(() -> NetworkMode.parse("container:"))
                .hasMessage("Invalid network mode: invalid container format container:<name|id>");
    }

    @Test
    void portKeys() {
        assertThat(PortMapping.parseKey("80/tcp", "127.0.0.1")).isEqualTo(PortMapping.of(80, "tcp", "127.0.0.1", 0));
        assertThat(PortMapping.parseKey("53/udp", "").key()).isEqualTo("53/udp");
        assertThatThrownBy(() -> PortMapping.parseKey("x/tcp", "")).hasMessage("invalid port specification: \"x\"");
        assertThat(PortMapping.parseKey("80/SCTP", "").key()).as("exposed, as docker's").isEqualTo("80/sctp");
        assertThatThrownBy(() -> PortMapping.parseKey("80/foo", "")).hasMessage("invalid proto: foo");
    }
}
