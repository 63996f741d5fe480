package dev.berth.client.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any challenges a server may write, quoted or not, come back as written. */
class ChallengeProperties {
    @Provide
    Arbitrary<Challenge> challenge() {
        Arbitrary<String> token = Arbitraries.strings().withChars("abcdefgXYZ0123456789-._~+!#$%&'*^`|")
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> value = Arbitraries.strings().withChars("abc XYZ:/?=,;\"\\@0123456789").ofMaxLength(20);
        Arbitrary<Map<String, String>> params = Arbitraries.maps(token.map(String::toLowerCase), value).ofMaxSize(4);
        return Combinators.combine(token.map(String::toLowerCase), params).as(Challenge::new);
    }

    static String format(Challenge c, boolean quoteAll) {
        return c.scheme() + (c.params().isEmpty() ? "" : " ") + c.params().entrySet().stream()
                .map(e -> e.getKey() + "=" + (quoteAll || !e.getValue().matches("[A-Za-z0-9._~+-]+")
                        ? "\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : e.getValue()))
                .collect(Collectors.joining(", "));
    }

    @Property
    void formattedChallenges_parseBack(@ForAll("challenge") Challenge a, @ForAll("challenge") Challenge b,
            @ForAll boolean quoteAll) {
        String header = format(a, quoteAll) + ", " + format(b, quoteAll);
        assertThat(Challenge.parse(header)).containsExactly(a, b);
    }
}
