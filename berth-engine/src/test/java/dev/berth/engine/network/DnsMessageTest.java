package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsMessageTest {
    static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        out.writeBytes(new byte[] {0, 0, (byte) type, 0, 1});
        return out.toByteArray();
    }

    @Test
    void anAQueryOfAKnownName_getsItsAddresses_withTheQuestionEchoed() {
        byte[] q = query(0x1234, "Web.Front", DnsMessage.TYPE_A);
        DnsMessage m = DnsMessage.parseQuery(ByteBuffer.wrap(q)).orElseThrow();
        assertThat(m.name()).isEqualTo("web.front");
        ByteBuffer a = ByteBuffer.wrap(m.answer(List.of(Ipv4.parse("172.18.0.2"))));
        assertThat(a.getShort() & 0xffff).isEqualTo(0x1234);
        int flags = a.getShort() & 0xffff;
        assertThat(flags & 0x8000).as("response").isNotZero();
        assertThat(flags & 0x0100).as("recursion desired echoed").isNotZero();
        assertThat(flags & 0xf).as("rcode").isZero();
        assertThat(a.getShort()).isEqualTo((short) 1);
        assertThat(a.getShort()).as("answers").isEqualTo((short) 1);
        a.position(12 + q.length - 12);
        assertThat(a.getShort() & 0xffff).as("name pointer").isEqualTo(0xc00c);
        assertThat(a.getShort()).isEqualTo((short) 1);
        assertThat(a.getShort()).isEqualTo((short) 1);
        assertThat(a.getInt()).isEqualTo(DnsMessage.TTL_SECONDS);
        assertThat(a.getShort()).isEqualTo((short) 4);
        assertThat(a.getInt()).isEqualTo(Ipv4.parse("172.18.0.2"));
    }

    @Test
    void failures_areServfailWithoutAnswers_andOtherTypesOfKnownNamesGetAnEmptyAnswer() {
        DnsMessage unknown = DnsMessage.parseQuery(ByteBuffer.wrap(query(7, "nope", 1))).orElseThrow();
        byte[] failed = unknown.failure();
        assertThat(failed[3] & 0xf).isEqualTo(DnsMessage.RCODE_SERVFAIL);
        assertThat(failed[2] & 0x04).as("not authoritative").isZero();
        assertThat(failed[7]).as("no answers").isZero();
        DnsMessage aaaa = DnsMessage.parseQuery(ByteBuffer.wrap(query(8, "web", 28))).orElseThrow();
        byte[] empty = aaaa.answer(List.of(Ipv4.parse("10.0.0.2")));
        assertThat(empty[3] & 0xf).isZero();
        assertThat(empty[7]).as("no answers").isZero();
    }

    @Test
    void garbage_isIgnored() {
        assertThat(DnsMessage.parseQuery(ByteBuffer.wrap(new byte[5]))).isEmpty();
        byte[] truncated = query(1, "web", 1);
        assertThat(DnsMessage.parseQuery(ByteBuffer.wrap(truncated, 0, truncated.length - 3))).isEmpty();
    }
}
