package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class TarHeaderEncoderTest {
    private static TarEntryHeader file(String name) {
        return new TarEntryHeader(name, TarEntryHeader.Type.REGULAR, 0644, 0, 0, 0, Instant.ofEpochSecond(1000),
                Optional.empty(), 0, 0, Collections.emptySortedMap());
    }

    private static TarEntryHeader with(TarEntryHeader h, long uid, long size, Instant mtime,
            Map<String, byte[]> xattrs) {
        return new TarEntryHeader(h.name(), h.type(), h.mode(), uid, uid, size, mtime, h.linkName(), 0, 0,
                new TreeMap<>(xattrs));
    }

    private static TarArchiveEntry parse(byte[] headerBlocks) throws IOException {
        byte[] tar = new byte[headerBlocks.length + 1024];
        System.arraycopy(headerBlocks, 0, tar, 0, headerBlocks.length);
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            return in.getNextEntry();
        }
    }

    @Test
    void encode_plainHeaderIsOneUstarBlockWithValidChecksum() throws IOException {
        byte[] b = TarHeaderEncoder.encode(file("a/b.txt"));
        assertThat(b).hasSize(512);
        assertThat(new String(b, 257, 8, StandardCharsets.US_ASCII)).isEqualTo("ustar\u000000");
        assertThat(new String(b, 100, 8, StandardCharsets.US_ASCII)).isEqualTo("0000644\0");
        assertThat(new String(b, 136, 12, StandardCharsets.US_ASCII)).isEqualTo("00000001750\0");
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : b[i] & 0xff;
        }
        assertThat(new String(b, 148, 8, StandardCharsets.US_ASCII)).isEqualTo(String.format("%06o\0 ", sum));
        assertThat(parse(b).getName()).isEqualTo("a/b.txt");
    }

    @Test
    void encode_paxRecordLengthsAreRightAcrossDigitBoundaries() throws IOException {
        for (int length = 70; length < 1010; length++) {
            String value = "v".repeat(length);
            byte[] b = TarHeaderEncoder.encode(with(file("f"), 0, 0, Instant.ofEpochSecond(1),
                    Map.of("user.k", value.getBytes(StandardCharsets.US_ASCII))));
            String data = new String(b, 512, b.length - 1024, StandardCharsets.US_ASCII).replace("\0", "");
            int declared = Integer.parseInt(data.substring(0, data.indexOf(' ')));
            assertThat(declared).as("record of a %d-byte value", length).isEqualTo(data.length());
            assertThat(parse(b).getExtraPaxHeaders()).containsEntry("SCHILY.xattr.user.k", value);
        }
    }

    @Test
    void encode_xattrValuesAreRawBytes() {
        byte[] value = {0, (byte) 0xff, (byte) 0xc3, '\n'};
        byte[] b = TarHeaderEncoder.encode(with(file("f"), 0, 0, Instant.ofEpochSecond(1),
                Map.of("security.capability", value)));
        String record = "41 SCHILY.xattr.security.capability=";
        assertThat(new String(b, 512, record.length(), StandardCharsets.ISO_8859_1)).isEqualTo(record);
        byte[] written = java.util.Arrays.copyOfRange(b, 512 + record.length(), 512 + record.length() + 5);
        assertThat(written).containsExactly(0, 0xff, 0xc3, '\n', '\n');
        assertThat(new String(b, 0, 100, StandardCharsets.US_ASCII)).startsWith("PaxHeaders.0/f\0");
        assertThat(b[156]).isEqualTo((byte) 'x');
    }

    @Test
    void encode_bigIdsSizesAndOddTimesGoToPaxRecords() throws IOException {
        long big = 10L << 30;
        Instant before1970 = Instant.ofEpochSecond(-1, 500_000_000);
        TarArchiveEntry e = parse(TarHeaderEncoder.encode(with(file("f"), 3_000_000, big, before1970, Map.of())));
        assertThat(e.getLongUserId()).isEqualTo(3_000_000);
        assertThat(e.getSize()).isEqualTo(big);
        assertThat(e.getLastModifiedTime().toInstant()).isEqualTo(before1970);
    }

    @Test
    void paxTime_matchesGosFormat() {
        assertThat(TarHeaderEncoder.paxTime(Instant.ofEpochSecond(5))).isEqualTo("5");
        assertThat(TarHeaderEncoder.paxTime(Instant.ofEpochSecond(5, 120_000_000))).isEqualTo("5.12");
        assertThat(TarHeaderEncoder.paxTime(Instant.ofEpochSecond(5, 1))).isEqualTo("5.000000001");
        assertThat(TarHeaderEncoder.paxTime(Instant.ofEpochSecond(-1, 500_000_000))).isEqualTo("-0.5");
        assertThat(TarHeaderEncoder.paxTime(Instant.ofEpochSecond(-3, 250_000_000))).isEqualTo("-2.75");
    }

    @Test
    void ustarSplit_onlyWhenBothPartsFit() {
        assertThat(TarHeaderEncoder.ustarSplit("a".repeat(100))).isEqualTo(-1);
        assertThat(TarHeaderEncoder.ustarSplit("a".repeat(101))).isEqualTo(-1);
        assertThat(TarHeaderEncoder.ustarSplit("d/" + "a".repeat(101))).isEqualTo(-1);
        assertThat(TarHeaderEncoder.ustarSplit("d".repeat(50) + "/" + "a".repeat(60))).isEqualTo(50);
        assertThat(TarHeaderEncoder.ustarSplit("d".repeat(155) + "/" + "a".repeat(100))).isEqualTo(155);
        assertThat(TarHeaderEncoder.ustarSplit("d".repeat(156) + "/" + "a".repeat(10))).isEqualTo(-1);
        assertThat(TarHeaderEncoder.ustarSplit("d".repeat(120) + "/" + "e".repeat(20) + "/")).isEqualTo(120);
        assertThat(TarHeaderEncoder.ustarSplit("\u00e9/" + "a".repeat(100))).isEqualTo(-1);
    }

    @Test
    void encode_nonAsciiNamesAndLongLinkTargetsUsePax() throws IOException {
        byte[] b = TarHeaderEncoder.encode(file("caf\u00e9"));
        assertThat(b[156]).isEqualTo((byte) 'x');
        assertThat(parse(b).getName()).isEqualTo("caf\u00e9");

        String target = "t/".repeat(80);
        TarEntryHeader link = new TarEntryHeader("l", TarEntryHeader.Type.SYMLINK, 0777, 0, 0, 0,
                Instant.ofEpochSecond(1), Optional.of(target), 0, 0, new TreeMap<String, byte[]>());
        assertThat(parse(TarHeaderEncoder.encode(link)).getLinkName()).isEqualTo(target);
    }

    @Test
    void encode_longNameWithOtherPaxRecordsUsesPaxPathNotPrefix() throws IOException {
        String name = "p".repeat(90) + "/" + "q".repeat(90);
        SortedMap<String, byte[]> x = new TreeMap<>(Map.of("user.a", new byte[] {'1'}));
        byte[] b = TarHeaderEncoder.encode(with(file(name), 0, 0, Instant.ofEpochSecond(1), x));
        String data = new String(b, 512, 512, StandardCharsets.US_ASCII);
        assertThat(data).contains(" path=" + name + "\n");
        assertThat(b[1024 + 345]).isZero();
        assertThat(parse(b).getName()).isEqualTo(name);
    }
}
