package dev.berth.engine.network;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The little of DNS (RFC 1035 §4) the embedded resolver speaks: one question in, A records out. Answers for
 * {@code A} queries of a known name carry its addresses; other types of a known name are answered empty (NOERROR, no
 * data); {@link #failure} is SERVFAIL, for a name nobody could answer.
 */
record DnsMessage(int id, int flags, String name, int type, int qclass, byte[] question) {
    static final int TYPE_A = 1;
    static final int RCODE_FORMERR = 1;
    static final int RCODE_SERVFAIL = 2;
    static final int TTL_SECONDS = 600;

    /** The query in {@code packet}, empty when it is no single-question standard query. */
    static Optional<DnsMessage> parseQuery(ByteBuffer packet) {
        if (packet.remaining() < 12) {
            return Optional.empty();
        }
        int start = packet.position();
        int id = packet.getShort() & 0xffff;
        int flags = packet.getShort() & 0xffff;
        int qd = packet.getShort() & 0xffff;
        packet.position(start + 12);
        if ((flags & 0x8000) != 0 || qd != 1) {
            return Optional.empty();
        }
        StringBuilder name = new StringBuilder();
        while (true) {
            if (!packet.hasRemaining()) {
                return Optional.empty();
            }
            int len = packet.get() & 0xff;
            if (len == 0) {
                break;
            }
            if (len > 63 || packet.remaining() < len) {
                return Optional.empty();
            }
            byte[] label = new byte[len];
            packet.get(label);
            if (!name.isEmpty()) {
                name.append('.');
            }
            name.append(new String(label, java.nio.charset.StandardCharsets.US_ASCII));
        }
        if (packet.remaining() < 4) {
            return Optional.empty();
        }
        int type = packet.getShort() & 0xffff;
        int qclass = packet.getShort() & 0xffff;
        byte[] question = new byte[packet.position() - start - 12];
        packet.get(start + 12, question);
        return Optional.of(new DnsMessage(id, flags, name.toString().toLowerCase(Locale.ROOT), type, qclass,
                question));
    }

    /**
     * The authoritative answer for a container's name with {@code addresses}: A records for an A query, an empty
     * NOERROR answer for other types (an AAAA query for a container must not get NXDOMAIN, or resolvers give up on
     * the name).
     */
    byte[] answer(List<Integer> addresses) {
        return response(0, type == TYPE_A ? addresses : List.of());
    }

    /** SERVFAIL: what docker's embedded DNS answers when no external resolver gave an answer. */
    byte[] failure() {
        return response(RCODE_SERVFAIL, List.of());
    }

    private byte[] response(int rcode, List<Integer> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int authoritative = rcode == 0 ? 0x0400 : 0;
        int responseFlags = 0x8000 | (flags & 0x7800) | authoritative | (flags & 0x0100) | 0x0080 | rcode;
        short16(out, id);
        short16(out, responseFlags);
        short16(out, 1);
        short16(out, records.size());
        short16(out, 0);
        short16(out, 0);
        out.writeBytes(question);
        for (int address : records) {
            short16(out, 0xc00c);
            short16(out, TYPE_A);
            short16(out, 1);
            short16(out, TTL_SECONDS >>> 16);
            short16(out, TTL_SECONDS & 0xffff);
            short16(out, 4);
            out.writeBytes(Ipv4.bytes(address));
        }
        return out.toByteArray();
    }

    private static void short16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8 & 0xff);
        out.write(v & 0xff);
    }
}
