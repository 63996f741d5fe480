package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageQueryTest {
    @Test
    void glob_isGoPathMatch_whereStarStopsAtSlash() {
        assertThat(ImageQuery.glob("busy*").matcher("busybox").matches()).isTrue();
        assertThat(ImageQuery.glob("*").matcher("team/app").matches()).isFalse();
        assertThat(ImageQuery.glob("*/*").matcher("team/app").matches()).isTrue();
        assertThat(ImageQuery.glob("b?sybox:[0-9]*").matcher("busybox:1.36").matches()).isTrue();
        assertThat(ImageQuery.glob("a.b").matcher("axb").matches()).isFalse();
    }

    @Test
    void labels_matchKeyOrKeyValue() {
        Map<String, String> labels = Map.of("team", "core", "tier", "db");
        assertThat(ImageQuery.labelsMatch(labels, List.of("team"))).isTrue();
        assertThat(ImageQuery.labelsMatch(labels, List.of("team=core", "tier=db"))).isTrue();
        assertThat(ImageQuery.labelsMatch(labels, List.of("team=web"))).isFalse();
        assertThat(ImageQuery.labelsMatch(labels, List.of("owner"))).isFalse();
    }
}
