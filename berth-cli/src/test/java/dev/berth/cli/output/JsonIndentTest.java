package dev.berth.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonIndentTest {
    @Test
    void indentsLikeGo_keepingTokensVerbatim() {
        String raw = "[{\"a\":[],\"b\":{},\"c\":[1, 2.50],\"d\":\"x\\u003c \\\"q\\\" , : {\"}]";
        assertThat(JsonIndent.indent(raw, "    ")).isEqualTo("""
                [
                    {
                        "a": [],
                        "b": {},
                        "c": [
                            1,
                            2.50
                        ],
                        "d": "x\\u003c \\"q\\" , : {"
                    }
                ]""");
    }

    @Test
    void emptyArray() {
        assertThat(JsonIndent.indent("[]", "    ")).isEqualTo("[]");
    }
}
