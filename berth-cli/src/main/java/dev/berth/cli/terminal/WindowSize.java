package dev.berth.cli.terminal;

/** A terminal's size in character cells, as {@code TIOCGWINSZ} reports it and {@code /resize?h=&w=} takes it. */
public record WindowSize(int rows, int columns) {
    public WindowSize {
        if (rows < 0 || columns < 0) {
            throw new IllegalArgumentException("negative window size " + rows + "x" + columns);
        }
    }
}
