package dev.berth.engine.build.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerIgnoreTest {
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "*.md|README.md|true", "*.md|docs/README.md|false", "**/*.md|docs/a/README.md|true",
            "**/*.md|README.md|true", "docs|docs/a/b.txt|true", "/docs|docs/x|true", "./docs/|docs/x|true",
            "docs/**|docs/a/b|true", "docs/**|docsx|false", "**|anything/at/all|true", "a?c|abc|true",
            "a?c|a/c|false", "[a-c]x|bx|true", "[^a-c]x|bx|false", "node_modules|src/node_modules|false",
            "**/node_modules|src/node_modules/x|true", "a\\*b|a*b|true", "a\\*b|axb|false", "te.t|test|false"})
    void matches(String pattern, String path, boolean excluded) {
        assertThat(DockerIgnore.parse(pattern).excludes(path)).isEqualTo(excluded);
    }

    @Test
    void exceptions_reinclude_andLaterRulesWin() {
        DockerIgnore ignore = DockerIgnore.parse("# comment\n*.md\n!README.md\n\n  docs  \n!docs/keep.txt\n");
        assertThat(ignore.excludes("CHANGES.md")).isTrue();
        assertThat(ignore.excludes("README.md")).isFalse();
        assertThat(ignore.excludes("docs/x")).isTrue();
        assertThat(ignore.excludes("docs/keep.txt")).isFalse();
        assertThat(DockerIgnore.parse("!README.md\n*.md").excludes("README.md")).isTrue();
        assertThatThrownBy(() -> DockerIgnore.parse("!")).hasMessage("illegal exclusion pattern: \"!\"");
    }

    @Property
    void aPlainName_excludesItselfAndEverythingBelow(@ForAll @AlphaChars @StringLength(min = 1, max = 6) String dir,
            @ForAll @AlphaChars @StringLength(min = 1, max = 6) String file) {
        DockerIgnore ignore = DockerIgnore.parse(dir);
        assertThat(ignore.excludes(dir)).isTrue();
        assertThat(ignore.excludes(dir + "/" + file)).isTrue();
        assertThat(ignore.excludes(dir + "x/" + file)).isFalse();
    }

    @Test
    void context_appliesIgnore_andResolvesSourcesInside(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/a.md"), "a");
        Files.writeString(dir.resolve("docs/keep.txt"), "k");
        Files.writeString(dir.resolve("app.txt"), "x");
        Files.createSymbolicLink(dir.resolve("out"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(dir.resolve("in"), Path.of("../" + dir.getFileName() + "/app.txt"));
        BuildContext ctx = BuildContext.of(dir);
        ctx.applyIgnore(DockerIgnore.parse("docs\n!docs/keep.txt"));
        assertThat(dir.resolve("docs/a.md")).doesNotExist();
        assertThat(dir.resolve("docs/keep.txt")).exists();
        assertThat(ctx.sources("*.txt")).containsExactly(ctx.root().resolve("app.txt"));
        assertThatThrownBy(() -> ctx.sources("out")).hasMessage(
                "file not found in build context or excluded by .dockerignore: stat out: file does not exist");
        assertThatThrownBy(() -> ctx.sources("../x"))
                .hasMessage("forbidden path outside the build context: ../x ()");
        assertThatThrownBy(() -> ctx.sources("docs/a.md")).hasMessageContaining("file not found");
    }
}
