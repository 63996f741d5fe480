package dev.berth.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TtyTest {
    @Test
    void isTerminalDevice_acceptsTtyDrivers_only() throws Exception {
        assertThat(Tty.isTerminalDevice(Path.of("/dev/ptmx"))).isTrue(); // 5:2
        assertThat(Tty.isTerminalDevice(Path.of("/dev/tty"))).isTrue(); // 5:0
        assertThat(Tty.isTerminalDevice(Path.of("/dev/null"))).isFalse(); // 1:3, a character device too
    }

    @Test
    void isTerminalDevice_refusesFilesAndMissingOnes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("out"), "text");

        assertThat(Tty.isTerminalDevice(file)).isFalse();
        assertThat(Tty.isTerminalDevice(dir.resolve("missing"))).isFalse();
    }

    @Test
    void isTerminal_ofAClosedDescriptor_isFalse() {
        assertThat(Tty.isTerminal(Integer.MAX_VALUE)).isFalse();
    }
}
