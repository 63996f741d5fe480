package dev.berth.engine.build.dockerfile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One instruction as the parser reads it, before its arguments are interpreted: the lower-case {@code keyword}, the
 * text as written (continuations joined), the leading {@code --flags}, the arguments as the instruction's grammar
 * splits them (for ENV and LABEL alternating names and values, for HEALTHCHECK the type first), whether they were a
 * JSON array (exec form), its here-documents, its first and last line, and for ONBUILD the instruction it holds.
 */
public record Node(String keyword, String original, List<String> flags, List<String> args, boolean json,
        List<Heredoc> heredocs, int startLine, int endLine, Optional<Node> child) {
    public Node {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(original, "original");
        flags = List.copyOf(flags);
        args = List.copyOf(args);
        heredocs = List.copyOf(heredocs);
        Objects.requireNonNull(child, "child");
    }

    Node at(int start, int end) {
        return new Node(keyword, original, flags, args, json, heredocs, start, end, child);
    }

    Node withHeredocs(List<Heredoc> docs) {
        return new Node(keyword, original, flags, args, json, docs, startLine, endLine, child);
    }
}
