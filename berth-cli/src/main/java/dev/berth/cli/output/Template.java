package dev.berth.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.CliException;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of Go's {@code text/template} that {@code --format} and {@code -f} use, over JSON values: text,
 * {@code {{.Field.Sub}}}, {@code {{.}}}, functions with arguments and pipes ({@code {{json .}}},
 * {@code {{.Tag | upper}}}, {@code {{index .Labels "k"}}}, {@code {{join .RepoTags ", "}}}), {@code range},
 * {@code if}/{@code else} and {@code end}, and {@code {{-}}/{@code -}}} whitespace trimming.
 *
 * <p>Values print as Go's {@code fmt} prints them: arrays as {@code [a b]}, objects as {@code map[k:v]} (keys
 * sorted), a missing field as {@code <no value>}.
 */
public final class Template {
    private final List<TemplateNode> nodes;

    private Template(List<TemplateNode> nodes) {
        this.nodes = nodes;
    }

    public static Template parse(String text) {
        return new Template(new TemplateParser(text).parse());
    }

    /** Executes the template with {@code dot} as {@code .}. */
    public String execute(JsonNode dot) {
        StringBuilder out = new StringBuilder();
        new TemplateEvaluator(false, null).run(nodes, dot, out);
        return out.toString();
    }

    /**
     * Executes the template over a formatter row ({@code docker images}, {@code history} …): {@code {{json .}}} of
     * the row itself is HTML-escaped there, as those rows marshal themselves with {@code json.Marshal}.
     */
    public String executeRow(JsonNode row) {
        StringBuilder out = new StringBuilder();
        new TemplateEvaluator(false, row).run(nodes, row, out);
        return out.toString();
    }

    /**
     * Executes the template over a table's header labels: functions pass their argument through, so
     * {@code {{json .ID}}} heads its column with the label of {@code ID}, as docker's header functions do.
     */
    public String executeHeader(JsonNode labels) {
        StringBuilder out = new StringBuilder();
        new TemplateEvaluator(true, null).run(nodes, labels, out);
        return out.toString();
    }

    /** A parse or execution error, worded as Go's template package words it. */
    static CliException error(String message) {
        return new CliException("template: " + message);
    }

    /** Parsed pieces of a template. */
    sealed interface TemplateNode {
        record Text(String text) implements TemplateNode {}

        record Action(Pipeline pipeline) implements TemplateNode {}

        record Range(Pipeline pipeline, List<TemplateNode> body, List<TemplateNode> otherwise)
                implements TemplateNode {}

        record If(Pipeline pipeline, List<TemplateNode> body, List<TemplateNode> otherwise) implements TemplateNode {}
    }

    /** Commands joined by {@code |}: each command's value is the last argument of the next. */
    record Pipeline(List<Command> commands) {
        Pipeline {
            commands = List.copyOf(commands);
        }
    }

    /** A function name with arguments, or a lone operand (empty name). */
    record Command(String function, List<Operand> args) {
        Command {
            args = new ArrayList<>(args);
        }
    }

    /** An argument: a field chain from dot ({@code .A.B}; empty chain is dot itself), a string, or a number. */
    sealed interface Operand {
        record Field(List<String> chain) implements Operand {}

        record Literal(JsonNode value) implements Operand {}

        record Nested(Pipeline pipeline) implements Operand {}
    }
}
