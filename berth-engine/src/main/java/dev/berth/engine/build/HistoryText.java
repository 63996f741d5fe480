package dev.berth.engine.build;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code created_by} texts of docker's classic builder: metadata steps as {@code /bin/sh -c #(nop)  ENV X=1},
 * COPY and ADD as {@code /bin/sh -c #(nop) COPY file:<hex> in /dst }, RUN as its command, after {@code |N K=V …}
 * when build args are set; lists as Go's {@code %q} prints them ({@code ["sh" "-c" "x"]}).
 */
final class HistoryText {
    private HistoryText() {}

    static String nop(String instruction) {
        return "/bin/sh -c #(nop)  " + instruction;
    }

    static String copy(String keyword, String hash, String dest) {
        return "/bin/sh -c #(nop) " + keyword + " " + hash + " in " + dest + " ";
    }

    static String run(List<String> argv, Map<String, String> args) {
        String cmd = String.join(" ", argv);
        if (args.isEmpty()) {
            return cmd;
        }
        return "|" + args.size() + " " + args.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")) + " " + cmd;
    }

    /** Go's {@code %q} of a string slice. */
    static String quoted(List<String> list) {
        return list.stream().map(HistoryText::quote).collect(Collectors.joining(" ", "[", "]"));
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
