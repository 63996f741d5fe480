package dev.berth.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What every {@link StorageDriver} must do; each implementation's test extends this with its driver. */
abstract class StorageDriverContract {
    abstract StorageDriver driver();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void write_thenRead_replacesWhole() {
        StorageDriver d = driver();
        d.write("a/b/c", b("one"));
        d.write("a/b/c", b("two"));
        assertThat(d.read("a/b/c")).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("two")));
        assertThat(d.exists("a/b/c")).isTrue();
    }

    @Test
    void missing_isEmptyNotAnError() {
        StorageDriver d = driver();
        assertThat(d.read("nope")).isEmpty();
        assertThat(d.list("nope/dir")).isEmpty();
        assertThat(d.exists("nope")).isFalse();
        assertThat(d.delete("nope")).isFalse();
    }

    @Test
    void list_isSortedAndHidesTemporaries() {
        StorageDriver d = driver();
        d.write("dir/b", b(""));
        d.write("dir/a", b(""));
        d.write("dir/sub/x", b(""));
        assertThat(d.list("dir")).containsExactly("a", "b", "sub");
    }

    @Test
    void delete_removesFilesAndWholeDirectories() {
        StorageDriver d = driver();
        d.write("t/x/1", b(""));
        d.write("t/x/2/3", b(""));
        assertThat(d.delete("t/x")).isTrue();
        assertThat(d.exists("t/x")).isFalse();
        assertThat(d.list("t")).isEmpty();
    }

    @Test
    void pathsEscapingTheRoot_areRefused() {
        StorageDriver d = driver();
        for (String p : new String[] {"/etc/passwd", "../x", "a/../../x", "a/./b"}) {
            assertThatThrownBy(() -> d.read(p)).as(p).hasMessageContaining("relative and normalised");
        }
    }
}
