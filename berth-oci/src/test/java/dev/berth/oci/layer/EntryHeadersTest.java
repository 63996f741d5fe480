package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntryHeadersTest {

    @Test
    void xattrs_keepsRawBytesOfSchilyRecords() {
        byte[] value = {0, (byte) 0x80, (byte) 0xff, '\n', '='};
        byte[] tar = new ApplyTestTar().pax(Map.of("SCHILY.xattr.user.bin", value)).file("f", "x").bytes();

        assertThat(EntryHeaders.xattrs(tar)).containsOnlyKeys("user.bin")
                .hasEntrySatisfying("user.bin", v -> assertThat(v).isEqualTo(value));
    }

    @Test
    void xattrs_decodesLibarchiveRecords_andPrefersSchily() {
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("LIBARCHIVE.xattr.user.a%3Db", "AQI".getBytes(StandardCharsets.US_ASCII));
        records.put("LIBARCHIVE.xattr.user.both", "AQI=".getBytes(StandardCharsets.US_ASCII));
        records.put("SCHILY.xattr.user.both", "schily".getBytes(StandardCharsets.US_ASCII));
        byte[] tar = new ApplyTestTar().pax(records).file("f", "x").bytes();

        Map<String, byte[]> xattrs = EntryHeaders.xattrs(tar);

        assertThat(xattrs.get("user.a=b")).isEqualTo(new byte[] {1, 2});
        assertThat(new String(xattrs.get("user.both"), StandardCharsets.US_ASCII)).isEqualTo("schily");
    }

    @Test
    void xattrs_emptyValueIsAnEmptyXattr_asGnuTarAndGoRestoreIt() {
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("SCHILY.xattr.user.x", "1".getBytes(StandardCharsets.US_ASCII));
        byte[] tar = new ApplyTestTar()
                .pax(records)
                .pax(Map.of("SCHILY.xattr.user.x", new byte[0]))
                .file("f", "x")
                .bytes();

        assertThat(EntryHeaders.xattrs(tar)).containsOnlyKeys("user.x");
        assertThat(EntryHeaders.xattrs(tar).get("user.x")).isEmpty();
    }

    @Test
    void xattrs_ofAPlainEntryIsEmpty() {
        assertThat(EntryHeaders.xattrs(new ApplyTestTar().file("f", "x").bytes())).isEmpty();
        assertThat(EntryHeaders.xattrs(new byte[0])).isEmpty();
    }

    @Test
    void xattrs_refusesABadHeaderChecksum() {
        byte[] tar = new ApplyTestTar().file("f", "x").bytes();
        tar[0] = 'g';

        assertThatThrownBy(() -> EntryHeaders.xattrs(tar))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.DATA_CORRUPTED))
                .hasMessage("header checksum mismatch");
    }

    @Test
    void number_readsOctalAndBase256() {
        byte[] b = new byte[12];
        System.arraycopy("00000001750\0".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 12);
        assertThat(EntryHeaders.number(b, 0, 12)).isEqualTo(01750);
        byte[] big = new byte[12];
        big[0] = (byte) 0x80;
        big[10] = 1;
        big[11] = 2;
        assertThat(EntryHeaders.number(big, 0, 12)).isEqualTo(258);
    }
}
