package dev.berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerfileParserTest {
    private static List<Node> nodes(String text) {
        return DockerfileParser.parse(text).nodes();
    }

    @Test
    void continuations_joinLines_andSkipCommentsAndEmptyLinesInside() {
        List<Node> n = nodes("FROM busybox\nRUN echo a \\\t \n  # a comment\n\n   && echo b\nLABEL x=y\n");
        assertThat(n).hasSize(3);
        assertThat(n.get(1).args()).containsExactly("echo a    && echo b");
        assertThat(n.get(1).startLine()).isEqualTo(2);
        assertThat(n.get(1).endLine()).isEqualTo(5);
        assertThat(n.get(2).startLine()).isEqualTo(6);
    }

    @Test
    void escapeDirective_changesTheContinuationAndEscapeToken() {
        DockerfileParser.Result r = DockerfileParser.parse("# escape=`\n# syntax=docker/dockerfile:1\n"
                + "FROM busybox\nRUN dir C:\\ `\n  /x\nENV P=C:\\a`\"b\n");
        assertThat(r.directives().escape()).isEqualTo('`');
        assertThat(r.directives().syntax()).contains("docker/dockerfile:1");
        assertThat(r.nodes().get(1).args()).containsExactly("dir C:\\   /x");
        assertThat(r.nodes().get(2).args()).containsExactly("P", "C:\\a`\"b");
    }

    @Test
    void directives_onlyAtTheTop() {
        DockerfileParser.Result r = DockerfileParser.parse("# comment\n# escape=`\nFROM x\nRUN a \\\n b\n");
        assertThat(r.directives().escape()).isEqualTo('\\');
        assertThat(r.nodes().get(1).args()).containsExactly("a  b");
        assertThat(DockerfileParser.parse("\n# escape=`\nFROM x\n").directives().escape()).isEqualTo('\\');
    }

    @Test
    void directiveErrors() {
        assertThatThrownBy(() -> DockerfileParser.parse("# escape=x\nFROM busybox\n"))
                .hasMessage("dockerfile parse error line 1: invalid escape token 'x' does not match ` or \\");
        assertThatThrownBy(() -> DockerfileParser.parse("# escape=`\n# escape=\\\nFROM busybox\n"))
                .hasMessage("dockerfile parse error line 2: only one escape parser directive can be used");
    }

    @Test
    void execAndShellForms() {
        List<Node> n = nodes("FROM x\nCMD [\"a\", \"b c\"]\nCMD a [b]\nENTRYPOINT [\"unterminated\"\n"
                + "COPY [\"a b\", \"/c\"]\nCOPY a  b   /c\nVOLUME /a /b\n");
        assertThat(n.get(1).json()).isTrue();
        assertThat(n.get(1).args()).containsExactly("a", "b c");
        assertThat(n.get(2).json()).isFalse();
        assertThat(n.get(2).args()).containsExactly("a [b]");
        assertThat(n.get(3).json()).isFalse();
        assertThat(n.get(3).args()).containsExactly("[\"unterminated\"");
        assertThat(n.get(4).args()).containsExactly("a b", "/c");
        assertThat(n.get(5).args()).containsExactly("a", "b", "/c");
        assertThat(n.get(6).args()).containsExactly("/a", "/b");
        assertThatThrownBy(() -> nodes("FROM x\nCMD [\"a\", 1]\n")).hasMessage(
                "dockerfile parse error line 2: " + NodeArguments.NOT_STRING_ARRAY);
    }

    @Test
    void flags_areSplitOff() {
        Node n = nodes("FROM x\nCOPY --from=build --chown=\"a b\":c src /dst\n").get(1);
        assertThat(n.flags()).containsExactly("--from=build", "--chown=a b:c");
        assertThat(n.args()).containsExactly("src", "/dst");
    }

    @Test
    void envAndLabel_bothForms() {
        assertThat(nodes("ENV A=1 B=\"two words\" C=x\\ y").getFirst().args())
                .containsExactly("A", "1", "B", "\"two words\"", "C", "x\\ y");
        assertThat(nodes("ENV A  one two  three").getFirst().args()).containsExactly("A", "one two  three");
        assertThatThrownBy(() -> nodes("FROM x\nENV X\n"))
                .hasMessage("dockerfile parse error line 2: ENV must have two arguments");
        assertThatThrownBy(() -> nodes("FROM x\n\nENV X=1 Y\n")).hasMessage(
                "dockerfile parse error line 3: Syntax error - can't find = in \"Y\". Must be of the form: name=value");
    }

    @Test
    void heredocs_readTheLinesAfterTheInstruction() {
        List<Node> n = nodes("FROM x\nRUN <<EOF\necho $A\n  echo two\nEOF\nCOPY <<-'ONE' <<TWO /dst/\n\tfirst\n\tONE\n"
                + "second\nTWO\nLABEL a=b\n");
        assertThat(n).hasSize(4);
        Heredoc run = n.get(1).heredocs().getFirst();
        assertThat(run.name()).isEqualTo("EOF");
        assertThat(run.content()).isEqualTo("echo $A\n  echo two\n");
        assertThat(run.expand()).isTrue();
        List<Heredoc> copy = n.get(2).heredocs();
        assertThat(copy).extracting(Heredoc::name).containsExactly("ONE", "TWO");
        assertThat(copy.get(0).expand()).isFalse();
        assertThat(copy.get(0).chomp()).isTrue();
        assertThat(copy.get(0).data()).isEqualTo("first\n");
        assertThat(copy.get(1).content()).isEqualTo("second\n");
        assertThat(n.get(2).startLine()).isEqualTo(6);
        assertThat(n.get(2).endLine()).isEqualTo(10);
        assertThat(n.get(3).startLine()).isEqualTo(11);
        assertThatThrownBy(() -> nodes("FROM x\nRUN <<EOF\necho\n"))
                .hasMessage("dockerfile parse error line 2: unterminated heredoc");
    }

    @Test
    void heredocs_notForOtherInstructions() {
        assertThat(nodes("FROM x\nLABEL a=<<EOF\nRUN echo\n")).hasSize(3);
    }

    @Test
    void bomAndCrlf() {
        List<Node> n = nodes("\uFEFFFROM x\r\nRUN a\r\n");
        assertThat(n.getFirst().keyword()).isEqualTo("from");
        assertThat(n.get(1).args()).containsExactly("a");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "FROM busybox\\nFORM x|dockerfile parse error line 2: unknown instruction: FORM",
            "FROM busybox\\nform x|dockerfile parse error line 2: unknown instruction: FORM",
            "FROM busybox\\nCOPY --foo=1 a b|dockerfile parse error line 2: Unknown flag: foo",
            "FROM busybox\\nADD --checksum=sha256:0 a b|dockerfile parse error line 2: Unknown flag: checksum",
            "FROM busybox\\nARG|dockerfile parse error line 2: ARG requires at least one argument",
            "RUN x|dockerfile parse error line 1: no build stage in current context",
            "FROM busybox\\nHEALTHCHECK FOO x|dockerfile parse error line 2: Unknown type \"FOO\" in HEALTHCHECK (try CMD)",
            "FROM busybox\\nSHELL sh -c|dockerfile parse error line 2: SHELL requires the arguments to be in JSON form",
            "FROM busybox AS 1bad|dockerfile parse error line 1: invalid name for build stage: \"1bad\", name can't start with a number or contain symbols",
            "FROM busybox\\nWORKDIR|dockerfile parse error line 2: WORKDIR requires exactly one argument",
            "FROM a AS x\\nFROM b AS x|dockerfile parse error line 2: duplicate name x",
            "FROM a\\nCOPY a|dockerfile parse error line 2: COPY requires at least two arguments, but only 1 provided",
            "FROM a\\nONBUILD ONBUILD RUN x|dockerfile parse error line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
            "FROM a\\nONBUILD FROM x|dockerfile parse error line 2: FROM isn't allowed as an ONBUILD trigger",
            "FROM a b|dockerfile parse error line 1: FROM requires either one or three arguments",
            "FROM a\\nHEALTHCHECK --interval=1x CMD x|dockerfile parse error line 2: time: invalid duration \"1x\""})
    void errors_nameTheLine(String text, String message) {
        assertThatThrownBy(() -> Dockerfile.parse(text.replace("\\n", "\n"))).isInstanceOf(BerthException.class)
                .hasMessage(message);
    }

    @Test
    void stages_metaArgsAndInstructions() {
        Dockerfile d = Dockerfile.parse("""
                ARG BASE=busybox
                FROM --platform=linux/arm64 ${BASE} AS Build
                RUN make
                FROM scratch
                COPY --from=build /out /
                HEALTHCHECK --interval=30s --retries=3 CMD curl -f http://localhost/
                ONBUILD RUN echo triggered
                """);
        assertThat(d.metaArgs()).hasSize(1);
        assertThat(d.metaArgs().getFirst().args().getFirst())
                .isEqualTo(new Instruction.ArgDecl("BASE", Optional.of("busybox")));
        assertThat(d.stages()).hasSize(2);
        Stage build = d.stages().getFirst();
        assertThat(build.name()).contains("build");
        assertThat(build.from().platform()).contains("linux/arm64");
        assertThat(build.from().image()).isEqualTo("${BASE}");
        assertThat(d.stage("BUILD")).contains(build);
        assertThat(d.stage("1")).contains(d.stages().get(1));
        assertThat(d.target(Optional.empty())).isEqualTo(d.stages().get(1));
        assertThatThrownBy(() -> d.target(Optional.of("nope")))
                .hasMessage("failed to reach build target nope in Dockerfile");
        List<Instruction> i = d.stages().get(1).instructions();
        assertThat(i.get(0)).isInstanceOfSatisfying(Instruction.Copy.class, c -> {
            assertThat(c.from()).contains("build");
            assertThat(c.sources()).containsExactly("/out");
            assertThat(c.dest()).isEqualTo("/");
        });
        assertThat(i.get(1)).isInstanceOfSatisfying(Instruction.Healthcheck.class, h -> {
            assertThat(h.test()).containsExactly("CMD-SHELL", "curl -f http://localhost/");
            assertThat(h.interval()).contains(30_000_000_000L);
            assertThat(h.retries()).contains(3);
        });
        assertThat(i.get(2)).isEqualTo(new Instruction.Onbuild(i.get(2).node(), "RUN echo triggered"));
    }

    @Property
    void continuedLines_joinToTheSameInstruction(@ForAll @AlphaChars @StringLength(min = 1, max = 8) String word,
            @ForAll @IntRange(min = 1, max = 6) int pieces) {
        StringBuilder text = new StringBuilder("FROM x\nRUN");
        for (int p = 0; p < pieces; p++) {
            text.append(' ').append(word).append(" \\\n");
        }
        text.append("end\n");
        List<Node> n = nodes(text.toString());
        assertThat(n).hasSize(2);
        assertThat(n.get(1).args().getFirst().split(" +")).hasSize(pieces + 1);
        assertThat(n.get(1).endLine()).isEqualTo(pieces + 2);
    }
}
