package dev.berth.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.CliException;
import dev.berth.oci.spec.Json;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static JsonNode json(String s) {
        return Json.object(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), "test");
    }

    private static final JsonNode IMAGE = json("""
            {"Id":"sha256:ab","RepoTags":["a:1","b:2"],"Config":{"Labels":{"z":"1","a":"<2>"},"Env":null},
             "Size":683,"Empty":[]}""");

    @Test
    void fieldsFunctionsAndPipes() {
        assertThat(Template.parse("{{.Id}} {{.Config.Labels.z}} {{.Size}}").execute(IMAGE)).isEqualTo("sha256:ab 1 683");
        assertThat(Template.parse("{{json .RepoTags}} {{join .RepoTags \", \"}}").execute(IMAGE))
                .isEqualTo("[\"a:1\",\"b:2\"] a:1, b:2");
        assertThat(Template.parse("{{.Id | upper}} {{index .Config.Labels \"a\"}} {{len .RepoTags}}").execute(IMAGE))
                .isEqualTo("SHA256:AB <2> 2");
        assertThat(Template.parse("{{json .Config.Labels}}").execute(IMAGE)).isEqualTo("{\"z\":\"1\",\"a\":\"<2>\"}");
    }

    @Test
    void valuesPrintAsGoPrintsThem() {
        assertThat(Template.parse("{{.RepoTags}} {{.Config.Labels}} {{.Missing}} {{.Config.Env}}").execute(IMAGE))
                .isEqualTo("[a:1 b:2] map[a:<2> z:1] <no value> <nil>");
    }

    @Test
    void rangeIfElseAndTrimming() {
        assertThat(Template.parse("{{range .RepoTags}}<{{.}}>{{end}}").execute(IMAGE)).isEqualTo("<a:1><b:2>");
        assertThat(Template.parse("{{range .Empty}}x{{else}}none{{end}}").execute(IMAGE)).isEqualTo("none");
        assertThat(Template.parse("{{if .Config.Env}}env{{else}}no env{{end}}").execute(IMAGE)).isEqualTo("no env");
        assertThat(Template.parse("a  {{- .Size -}}  b").execute(IMAGE)).isEqualTo("a683b");
    }

    @Test
    void rowJson_isHtmlEscaped_likeDockersFormatterRows() {
        JsonNode row = json("{\"Tag\":\"<none>\"}");
        assertThat(Template.parse("{{json .}}").executeRow(row)).isEqualTo("{\"Tag\":\"\\u003cnone\\u003e\"}");
        assertThat(Template.parse("{{json .}}").execute(row)).isEqualTo("{\"Tag\":\"<none>\"}");
    }

    @Test
    void headerMode_passesLabelsThroughFunctions() {
        JsonNode labels = json("{\"ID\":\"IMAGE ID\",\"Size\":\"SIZE\"}");
        assertThat(Template.parse("{{json .ID}}\t{{.Size | lower}}").executeHeader(labels)).isEqualTo("IMAGE ID\tSIZE");
    }

    @Test
    void unknownFunction_isATemplateError() {
        assertThatThrownBy(() -> Template.parse("{{nope .Id}}").execute(IMAGE))
                .isInstanceOf(CliException.class).hasMessageContaining("function \"nope\" not defined");
    }
}
