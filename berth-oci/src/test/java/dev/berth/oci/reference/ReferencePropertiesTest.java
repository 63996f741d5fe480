package dev.berth.oci.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class ReferencePropertiesTest {

    @Property(tries = 2000)
    void validReference_roundTripsThroughWireAndFamiliarForms(@ForAll("references") Reference r) {
        assertThat(Reference.parse(r.toString())).isEqualTo(r);
        assertThat(Reference.parse(r.name())).isEqualTo(r.nameOnly());
        if (ReferenceGrammar.isIdentifier(r.familiarString())) {
            // Docker's quirk: a tagless docker.io/library/<64 hex> prints as an image id it refuses to read.
            assertThatThrownBy(() -> Reference.parse(r.familiarString())).isInstanceOf(BerthException.class);
        } else if (r.isDockerHub() && looksLikeAHost(r.familiarName())) {
            // Docker's quirk: docker.io/a.b/app prints as a.b/app, which reads as registry a.b.
            assertThat(Reference.parse(r.familiarString()).isDockerHub()).isFalse();
        } else {
            assertThat(Reference.parse(r.familiarString())).isEqualTo(r);
            assertThat(Reference.parse(r.familiarName())).isEqualTo(r.nameOnly());
        }
    }

    @Property(tries = 1000)
    void validReference_agreesWithTheUpstreamRegexpOracle(@ForAll("references") Reference r) {
        assertAgreesWithOracle(r.toString());
        assertAgreesWithOracle(r.familiarString());
    }

    @Property(tries = 500)
    void withTagAndWithDigest_roundTrip(@ForAll("references") Reference r, @ForAll("tags") String tag,
            @ForAll("digests") Digest digest) {
        Reference both = r.withTag(tag).withDigest(digest);
        assertThat(Reference.parse(both.toString())).isEqualTo(both);
        assertThat(both.tag()).contains(tag);
        assertThat(both.digest()).contains(digest);
        assertThat(both.dockerRef().tag()).isEmpty();
        assertThat(r.nameOnly().withDefaultTag().tag()).contains(Reference.DEFAULT_TAG);
    }

    @Property(tries = 5000)
    void referenceLikeInput_agreesWithTheUpstreamRegexpOracle(@ForAll("referenceLike") String input) {
        assertAgreesWithOracle(input);
    }

    @Property(tries = 2000)
    void anyInput_isParsedOrRefusedWithBerthExceptionOnly(@ForAll("anything") String input) {
        try {
            Reference r = Reference.parse(input);
            assertThat(Reference.parse(r.toString())).isEqualTo(r);
        } catch (BerthException e) {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 3000)
    void mutatedValidReference_isParsedOrRefused_likeDocker(@ForAll("mutations") String input) {
        assertAgreesWithOracle(input);
    }

    private static boolean looksLikeAHost(String familiarName) {
        int slash = familiarName.indexOf('/');
        String first = slash < 0 ? "" : familiarName.substring(0, slash);
        return first.contains(".") || first.equals(Reference.LOCALHOST);
    }

    /** Berth accepts exactly what docker accepts, with the same parts, and refuses with docker's message. */
    static void assertAgreesWithOracle(String input) {
        DockerReferenceOracle.Outcome docker = DockerReferenceOracle.parseNormalizedNamed(input);
        if (docker.accepted()) {
            Reference r = Reference.parse(input);
            assertThat(r.domain()).as(input).isEqualTo(docker.domain());
            assertThat(r.path()).as(input).isEqualTo(docker.path());
            assertThat(r.tag()).as(input).isEqualTo(Optional.ofNullable(docker.tag()));
            assertThat(r.digest().map(Digest::toString)).as(input).isEqualTo(Optional.ofNullable(docker.digest()));
        } else {
            assertThatThrownBy(() -> Reference.parse(input))
                    .as(input)
                    .isInstanceOfSatisfying(BerthException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                    .hasMessage(docker.error());
        }
    }

    @Provide
    Arbitrary<Reference> references() {
        Arbitrary<Optional<String>> tag = tags().optional(0.5);
        Arbitrary<Optional<Digest>> digest = digests().optional(0.4);
        return Combinators.combine(names(), tag, digest)
                .as((name, t, d) -> new Reference(name.get(0), name.get(1), t, d))
                .filter(r -> r.path().length() <= Reference.MAX_PATH_LENGTH);
    }

    /** Canonical (domain, path) pairs of every kind docker produces. */
    private Arbitrary<List<String>> names() {
        Arbitrary<String> path = pathComponents().list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("/", l));
        Arbitrary<List<String>> hub = Combinators.combine(pathComponents(), path)
                .as((ns, p) -> List.of(Reference.DOCKER_HUB, ns + "/" + p));
        Arbitrary<List<String>> elsewhere = Combinators.combine(registries(), path).as(List::of);
        Arbitrary<List<String>> legacy = Combinators.combine(pathComponents(), pathComponents(), path)
                .as((a, b, p) -> List.of("", a + "_x." + b + "/" + p));
        Arbitrary<List<String>> official = pathComponents().map(c -> List.of(Reference.DOCKER_HUB, "library/" + c));
        return Arbitraries.frequencyOf(Tuple.of(3, hub), Tuple.of(2, official), Tuple.of(4, elsewhere),
                Tuple.of(1, legacy));
    }

    private Arbitrary<String> registries() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcXYZ019-").ofMinLength(1).ofMaxLength(8)
                .filter(s -> !s.startsWith("-") && !s.endsWith("-"));
        Arbitrary<String> port = Arbitraries.integers().between(1, 65535).map(p -> ":" + p);
        Arbitrary<String> dotted = label.list().ofMinSize(2).ofMaxSize(4).map(l -> String.join(".", l));
        Arbitrary<String> upper = label.filter(s -> !s.equals(s.toLowerCase()));
        Arbitrary<String> ipv6 = Arbitraries.strings().withChars("0123456789abcdefABCDEF:").ofMinLength(1)
                .ofMaxLength(20).map(s -> "[" + (s.contains(":") ? s : s + ":1") + "]");
        Arbitrary<String> hostWithPort = Combinators.combine(Arbitraries.oneOf(label, dotted, ipv6,
                Arbitraries.of(Reference.LOCALHOST)), port).as(String::concat);
        return Arbitraries.oneOf(dotted, upper, hostWithPort, ipv6, Arbitraries.of(Reference.LOCALHOST,
                "127.0.0.1", "registry-1.docker.io", "ghcr.io"));
    }

    private Arbitrary<String> pathComponents() {
        Arbitrary<String> alnum = Arbitraries.strings().withChars("abz019").ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> separator = Arbitraries.of(".", "_", "__", "-", "--", "---");
        return Combinators.combine(alnum, Combinators.combine(separator, alnum).as(String::concat).list()
                .ofMaxSize(3)).as((head, rest) -> head + String.join("", rest));
    }

    @Provide
    Arbitrary<String> tags() {
        Arbitrary<Character> word = Arbitraries.chars().with("aZ09_".toCharArray());
        Arbitrary<String> rest = Arbitraries.strings().withChars("aZ09_.-").ofMaxLength(127);
        return Combinators.combine(word, rest).as((c, s) -> c + s);
    }

    @Provide
    Arbitrary<Digest> digests() {
        return Combinators.combine(Arbitraries.of(DigestAlgorithm.values()),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((algorithm, content) -> Digest.of(algorithm, algorithm.newMessageDigest().digest(content)));
    }

    /** Strings built from the pieces references are made of, so that near misses are frequent. */
    @Provide
    Arbitrary<String> referenceLike() {
        Arbitrary<String> token = Arbitraries.of("docker.io", "index.docker.io", "localhost", "localhost:5000",
                "[::1]", "[fc00::1]:5000", "[fe80::1%eth0]", "Foo", "FOO", "a", "b0", "library", "x.com", "x_y.com",
                "İ", "K", "_", "__", "-", "--", ".", "..", "/", "//", ":", "::", "@", "tag", "TAG", "5000", " ", "$",
                "\n", "sha256:" + "f".repeat(64), "sha512:" + "e".repeat(128), "sha256:" + "a".repeat(34),
                "md5:" + "d".repeat(32), "Sha256:" + "c".repeat(64), "sha256:" + "F".repeat(64),
                "sha384:" + "b".repeat(96), "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
                "t".repeat(128), "p".repeat(250));
        // At most 500 characters: the oracle quotes a refused name in full, Berth abbreviates past 512.
        return token.list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l))
                .map(s -> s.length() > 500 ? s.substring(0, 500) : s);
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<Character> replacement = Arbitraries.chars().with("aA0:/@._-[]%$ É".toCharArray());
        return Combinators.combine(references().flatMap(r -> Arbitraries.of(r.toString(), r.familiarString())),
                Arbitraries.integers().between(0, 1000), replacement, Arbitraries.of(0, 1, 2))
                .as(ReferencePropertiesTest::mutate);
    }

    private static String mutate(String s, int position, char c, int kind) {
        int i = position % (s.length() + 1);
        return switch (kind) {
            case 0 -> s.substring(0, i) + c + s.substring(i);
            case 1 -> i < s.length() ? s.substring(0, i) + s.substring(i + 1) : s;
            default -> i < s.length() ? s.substring(0, i) + c + s.substring(i + 1) : s + c;
        };
    }

    @Provide
    Arbitrary<String> anything() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars("aZ09:/@._-[]").ofMaxLength(2000), referenceLike());
    }
}
