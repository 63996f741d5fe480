package dev.berth.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated cells into columns as Go's {@code text/tabwriter} does with the docker CLI's settings
 * (minimum width 10, padding 3, spaces). A column spans consecutive lines that have a tab-terminated cell in it;
 * its width is the widest such cell plus padding; the text after a line's last tab is never padded.
 */
public final class TabWriter {
    private final int minWidth;
    private final int padding;

    public TabWriter(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    /** docker's table settings. */
    public static TabWriter docker() {
        return new TabWriter(10, 3);
    }

    public String format(String text) {
        boolean trailingNewline = text.endsWith("\n");
        String body = trailingNewline ? text.substring(0, text.length() - 1) : text;
        List<String[]> lines = new ArrayList<>();
        for (String line : body.split("\n", -1)) {
            lines.add(line.split("\t", -1));
        }
        int[][] widths = new int[lines.size()][];
        for (int i = 0; i < lines.size(); i++) {
            widths[i] = new int[lines.get(i).length - 1];
        }
        layout(lines, widths, 0, lines.size(), 0);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String[] cells = lines.get(i);
            for (int j = 0; j < cells.length; j++) {
                out.append(cells[j]);
                if (j < cells.length - 1) {
                    out.append(" ".repeat(Math.max(0, widths[i][j] - width(cells[j]))));
                }
            }
            if (i < lines.size() - 1 || trailingNewline) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Sets the widths of column {@code column} and beyond for lines {@code [from, to)}, block by block. */
    private void layout(List<String[]> lines, int[][] widths, int from, int to, int column) {
        int line = from;
        while (line < to) {
            if (column >= lines.get(line).length - 1) {
                line++;
                continue;
            }
            int start = line;
            int width = minWidth;
            for (; line < to && column < lines.get(line).length - 1; line++) {
                width = Math.max(width, width(lines.get(line)[column]) + padding);
            }
            for (int i = start; i < line; i++) {
                widths[i][column] = width;
            }
            layout(lines, widths, start, line, column + 1);
        }
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
