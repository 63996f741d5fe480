package dev.berth.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TabWriterTest {
    @Test
    void columnsAreWidestCellPlusPadding_atLeastTen_lastCellUnpadded() {
        String out = TabWriter.docker().format("A\tBB\tC\nlonger-name\tx\tlast\n");
        assertThat(out).isEqualTo("""
                A             BB        C
                longer-name   x         last
                """);
    }

    @Test
    void aLineWithFewerCells_endsTheColumnBlock() {
        String out = TabWriter.docker().format("a\tb\nno tabs here at all\nccccccccccccccc\td\n");
        assertThat(out).isEqualTo("a         b\nno tabs here at all\nccccccccccccccc   d\n");
    }

    @Test
    void widthCountsCharactersNotBytes() {
        assertThat(TabWriter.docker().format("é\tx\nab\ty\n")).isEqualTo("é         x\nab        y\n");
    }
}
