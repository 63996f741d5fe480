package dev.berth.oci.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Docker's own examples, ported from distribution/reference's reference_test.go and normalize_test.go. */
class ReferenceTest {
    static final String HEX64 = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";
    static final String FFFF = "sha256:" + "f".repeat(64);
    static final String SHA512 = "sha512:" + "f".repeat(128);
    static final String REDIS = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";

    // TestValidateReferenceName and TestValidateRemoteName, valid side.
    @ParameterizedTest
    @ValueSource(strings = {
        "docker/docker", "library/debian", "debian", "docker.io/docker/docker", "docker.io/library/debian",
        "docker.io/debian", "index.docker.io/docker/docker", "index.docker.io/library/debian",
        "index.docker.io/debian", "127.0.0.1:5000/docker/docker", "127.0.0.1:5000/library/debian",
        "127.0.0.1:5000/debian", "192.168.0.1", "192.168.0.1:80", "192.168.0.1:8/debian",
        "192.168.0.2:25000/debian", "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
        "[fc00::1]:5000/docker", "[fc00::1]:5000/docker/docker", "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
        "docker.io/" + HEX64, "Docker/docker", "DOCKER/docker",
        "docker-rules/docker", "docker---rules/docker", "doc/docker", "d/docker", "jess/t", "dock__er/docker"
    })
    void parse_acceptsDockerValidNames(String name) {
        Reference r = Reference.parse(name);
        assertThat(Reference.parse(r.toString())).isEqualTo(r);
        assertThat(Reference.isValid(name)).isTrue();
    }

    // TestValidateReferenceName and TestValidateRemoteName, invalid side.
    @ParameterizedTest
    @ValueSource(strings = {
        "https://github.com/docker/docker", "docker/Docker", "-docker", "-docker/docker", "-docker.io/docker/docker",
        "docker///docker", "docker.io/docker/Docker", "docker.io/docker///docker", "[fc00::1]", "[fc00::1]:5000",
        "fc00::1:5000/debian", "[fe80::1%eth0]:5000/debian", "[2001:db8:3:4::192.0.2.33]:5000/debian", HEX64,
        "docker-/docker", "-docker-/docker", "____/____", "_docker/_docker", "dock..er/docker", "dock_.er/docker",
        "dock-.er/docker", "docker/",
        "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_"
                + "its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_"
                + "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker"
    })
    void parse_refusesDockerInvalidNames(String name) {
        assertInvalid(name);
        assertThat(Reference.isValid(name)).isFalse();
    }

    // TestParseRepositoryInfo: familiar, full and ambiguous spellings all read the same.
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        fooo/bar                  | fooo/bar                          | docker.io/fooo/bar                | index.docker.io/fooo/bar                  | docker.io
        library/ubuntu            | ubuntu                            | docker.io/library/ubuntu          | library/ubuntu                            | docker.io
        nonlibrary/ubuntu         | nonlibrary/ubuntu                 | docker.io/nonlibrary/ubuntu       | -                                         | docker.io
        other/library             | other/library                     | docker.io/other/library           | -                                         | docker.io
        private/moonbase          | 127.0.0.1:8000/private/moonbase   | 127.0.0.1:8000/private/moonbase   | -                                         | 127.0.0.1:8000
        privatebase               | 127.0.0.1:8000/privatebase        | 127.0.0.1:8000/privatebase        | -                                         | 127.0.0.1:8000
        private/moonbase          | example.com/private/moonbase      | example.com/private/moonbase      | -                                         | example.com
        privatebase               | example.com/privatebase           | example.com/privatebase           | -                                         | example.com
        private/moonbase          | example.com:8000/private/moonbase | example.com:8000/private/moonbase | -                                         | example.com:8000
        privatebasee              | example.com:8000/privatebasee     | example.com:8000/privatebasee     | -                                         | example.com:8000
        library/ubuntu-12.04-base | ubuntu-12.04-base                 | docker.io/library/ubuntu-12.04-base | index.docker.io/library/ubuntu-12.04-base | docker.io
        library/foo               | foo                               | docker.io/library/foo             | docker.io/foo                             | docker.io
        library/foo/bar           | library/foo/bar                   | docker.io/library/foo/bar         | -                                         | docker.io
        store/foo/bar             | store/foo/bar                     | docker.io/store/foo/bar           | -                                         | docker.io
        bar                       | Foo/bar                           | Foo/bar                           | -                                         | Foo
        bar                       | FOO/bar                           | FOO/bar                           | -                                         | FOO
        """)
    void parse_normalisesEverySpellingAlike(String remote, String familiar, String full, String ambiguous,
            String domain) {
        for (String spelling : ambiguous == null ? new String[] {familiar, full} : new String[] {familiar, full,
                ambiguous}) {
            Reference r = Reference.parse(spelling);
            assertThat(r.familiarName()).as(spelling).isEqualTo(familiar);
            assertThat(r.name()).as(spelling).isEqualTo(full);
            assertThat(r).as(spelling).hasToString(full);
            assertThat(r.domain()).as(spelling).isEqualTo(domain);
            assertThat(r.repository()).as(spelling).isEqualTo(remote);
        }
    }

    // TestNormalizedSplitHostname.
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        test.com/foo              | test.com          | foo
        test_com/foo              | docker.io         | test_com/foo
        docker/migrator           | docker.io         | docker/migrator
        test.com:8080/foo         | test.com:8080     | foo
        test-com:8080/foo         | test-com:8080     | foo
        foo                       | docker.io         | library/foo
        xn--n3h.com/foo           | xn--n3h.com       | foo
        xn--n3h.com:18080/foo     | xn--n3h.com:18080 | foo
        docker.io/foo             | docker.io         | library/foo
        docker.io/library/foo     | docker.io         | library/foo
        docker.io/library/foo/bar | docker.io         | library/foo/bar
        localhost/foo             | localhost         | foo
        localhost                 | docker.io         | library/localhost
        localhost:5000/a/b        | localhost:5000    | a/b
        """)
    void parse_splitsDomainLikeDocker(String input, String domain, String path) {
        Reference r = Reference.parse(input);
        assertThat(r.domain()).isEqualTo(domain);
        assertThat(r.path()).isEqualTo(path);
    }

    static Stream<Arguments> referenceParseTable() {
        // TestReferenceParse's valid rows, read through ParseNormalizedNamed (input, full form, domain, tag, digest).
        return Stream.of(
                Arguments.of("test_com", "docker.io/library/test_com", "docker.io", null, null),
                Arguments.of("test.com:tag", "docker.io/library/test.com:tag", "docker.io", "tag", null),
                Arguments.of("test.com:5000", "docker.io/library/test.com:5000", "docker.io", "5000", null),
                Arguments.of("test.com/repo:tag", "test.com/repo:tag", "test.com", "tag", null),
                Arguments.of("test:5000/repo", "test:5000/repo", "test:5000", null, null),
                Arguments.of("test:5000/repo:tag", "test:5000/repo:tag", "test:5000", "tag", null),
                Arguments.of("test:5000/repo@" + FFFF, "test:5000/repo@" + FFFF, "test:5000", null, FFFF),
                Arguments.of("test:5000/repo:tag@" + FFFF, "test:5000/repo:tag@" + FFFF, "test:5000", "tag", FFFF),
                Arguments.of("lowercase:Uppercase", "docker.io/library/lowercase:Uppercase", "docker.io",
                        "Uppercase", null),
                Arguments.of("a/".repeat(127) + "a:tag-puts-this-over-max",
                        "docker.io/" + "a/".repeat(127) + "a:tag-puts-this-over-max", "docker.io",
                        "tag-puts-this-over-max", null),
                Arguments.of("sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com",
                        null, null),
                Arguments.of("sub-dom1.foo.com/bar/baz/quux:some-long-tag",
                        "sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com", "some-long-tag", null),
                Arguments.of("b.gcr.io/test.example.com/my-app:test.example.com",
                        "b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io", "test.example.com", null),
                Arguments.of("xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com",
                        "xn--n3h.com", null),
                Arguments.of("xn--7o8h.com/myimage:xn--7o8h.com@" + SHA512,
                        "xn--7o8h.com/myimage:xn--7o8h.com@" + SHA512, "xn--7o8h.com", "xn--7o8h.com", SHA512),
                Arguments.of("foo_bar.com:8080", "docker.io/library/foo_bar.com:8080", "docker.io", "8080", null),
                Arguments.of("foo/foo_bar.com:8080", "docker.io/foo/foo_bar.com:8080", "docker.io", "8080", null),
                Arguments.of("192.168.1.1", "docker.io/library/192.168.1.1", "docker.io", null, null),
                Arguments.of("192.168.1.1:tag", "docker.io/library/192.168.1.1:tag", "docker.io", "tag", null),
                Arguments.of("192.168.1.1:5000", "docker.io/library/192.168.1.1:5000", "docker.io", "5000", null),
                Arguments.of("192.168.1.1/repo", "192.168.1.1/repo", "192.168.1.1", null, null),
                Arguments.of("192.168.1.1:5000/repo", "192.168.1.1:5000/repo", "192.168.1.1:5000", null, null),
                Arguments.of("192.168.1.1:5000/repo:5050", "192.168.1.1:5000/repo:5050", "192.168.1.1:5000",
                        "5050", null),
                Arguments.of("[2001:db8::1]/repo", "[2001:db8::1]/repo", "[2001:db8::1]", null, null),
                Arguments.of("[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]/repo:tag",
                        "[2001:db8:1:2:3:4:5:6]", "tag", null),
                Arguments.of("[2001:db8::1]:5000/repo", "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", null, null),
                Arguments.of("[2001:db8::1]:5000/repo:tag", "[2001:db8::1]:5000/repo:tag", "[2001:db8::1]:5000",
                        "tag", null),
                Arguments.of("[2001:db8::1]:5000/repo@" + FFFF, "[2001:db8::1]:5000/repo@" + FFFF,
                        "[2001:db8::1]:5000", null, FFFF),
                Arguments.of("[2001:db8::1]:5000/repo:tag@" + FFFF, "[2001:db8::1]:5000/repo:tag@" + FFFF,
                        "[2001:db8::1]:5000", "tag", FFFF),
                Arguments.of("[2001:db8::]:5000/repo", "[2001:db8::]:5000/repo", "[2001:db8::]:5000", null, null),
                Arguments.of("[::1]:5000/repo", "[::1]:5000/repo", "[::1]:5000", null, null),
                Arguments.of("[::1]:5000/a", "[::1]:5000/a", "[::1]:5000", null, null),
                // TestParseAnyReference's named rows.
                Arguments.of("redis", "docker.io/library/redis", "docker.io", null, null),
                Arguments.of("redis:latest", "docker.io/library/redis:latest", "docker.io", "latest", null),
                Arguments.of("redis@" + REDIS, "docker.io/library/redis@" + REDIS, "docker.io", null, REDIS),
                Arguments.of("dmcgowan/myapp:latest", "docker.io/dmcgowan/myapp:latest", "docker.io", "latest", null),
                Arguments.of("dmcgowan/myapp@" + REDIS, "docker.io/dmcgowan/myapp@" + REDIS, "docker.io", null, REDIS),
                Arguments.of(REDIS.substring(7, 70), "docker.io/library/" + REDIS.substring(7, 70), "docker.io", null,
                        null),
                Arguments.of("dbcc1", "docker.io/library/dbcc1", "docker.io", null, null),
                // TestParseReferenceWithTagAndDigest.
                Arguments.of("busybox:latest@" + REDIS, "docker.io/library/busybox:latest@" + REDIS, "docker.io",
                        "latest", REDIS));
    }

    @ParameterizedTest
    @MethodSource("referenceParseTable")
    void parse_readsDockerReferenceTable(String input, String full, String domain, String tag, String digest) {
        Reference r = Reference.parse(input);
        assertThat(r).hasToString(full);
        assertThat(r.domain()).isEqualTo(domain);
        assertThat(r.tag()).isEqualTo(Optional.ofNullable(tag));
        assertThat(r.digest()).isEqualTo(Optional.ofNullable(digest).map(Digest::parse));
        assertThat(Reference.parse(r.familiarString())).isEqualTo(r);
    }

    // TestReferenceParse's error rows, with the message docker prints for each.
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        ''                                | invalid reference format
        :justtag                          | invalid reference format
        @sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff | invalid reference format
        repo@sha256:ffffffffffffffffffffffffffffffffff | invalid checksum digest length
        validname@invaliddigest:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff | unsupported digest algorithm
        Uppercase:tag                     | invalid reference format: repository name (library/Uppercase) must be lowercase
        test:5000/Uppercase/lowercase:tag | invalid reference format: repository name (Uppercase/lowercase) must be lowercase
        Foo                               | invalid reference format: repository name (library/Foo) must be lowercase
        docker.io/library/Foo:Bar         | invalid reference format: repository name (library/Foo) must be lowercase
        aa/asdf$$^/aa                     | invalid reference format
        [2001:db8::1]                     | invalid reference format
        [2001:db8::1]:5000                | invalid reference format
        [2001:db8::1]:tag                 | invalid reference format
        [fe80::1%eth0]:5000/repo          | invalid reference format
        [fe80::1%@invalidzone]:5000/repo  | invalid reference format
        1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a | invalid repository name (1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a), cannot specify 64-byte hexadecimal strings
        Foo.com_x/bar                     | repository name must be lowercase
        İ.com/x                           | repository name must be lowercase
        busybox@sha256:FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF | invalid checksum digest format
        busybox:t@Sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff | invalid checksum digest format
        busybox@sha512:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff | invalid checksum digest length
        busybox@sha256:fffffffffffffffffffffffffffffff | invalid reference format
        'busybox '                        | invalid reference format
        busybox:-tag                      | invalid reference format
        busybox:.tag                      | invalid reference format
        busybox:tag:tag                   | invalid reference format
        busybox@@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff | invalid reference format
        """)
    void parse_refusesWithDockersReason(String input, String message) {
        assertInvalid(input).hasMessage(message);
    }

    @Test
    void parse_refusesPathOver255_withDockersReason() {
        assertInvalid("a/".repeat(128) + "a:tag").hasMessage("repository name must not be more than 255 characters");
        String official = "a".repeat(247);
        assertThat(Reference.parse(official).path()).hasSize(255);
        assertInvalid(official + "a").hasMessage("repository name must not be more than 255 characters");
    }

    @Test
    void parse_acceptsTagOf128_refusesTagOf129() {
        String tag = "T".repeat(128);
        assertThat(Reference.parse("busybox:" + tag).tag()).contains(tag);
        assertInvalid("busybox:" + tag + "x").hasMessage("invalid reference format");
    }

    @Test
    void parse_keepsDockersLegacyReadingOfAnInvalidHost_asAPathWithoutDomain() {
        Reference r = Reference.parse("foo_bar.com/app:1");
        assertThat(r.domain()).isEmpty();
        assertThat(r.path()).isEqualTo("foo_bar.com/app");
        assertThat(r.name()).isEqualTo("foo_bar.com/app");
        assertThat(r.familiarString()).isEqualTo("foo_bar.com/app:1");
        assertThat(r.isDockerHub()).isFalse();
        assertThat(Reference.parse(r.toString())).isEqualTo(r);
    }

    @Test
    void parse_refusesHostileInputQuickly_withAShortMessage() {
        String huge = "a-".repeat(500_000) + "A";
        assertThatThrownBy(() -> assertTimeoutPreemptively(() -> Reference.parse(huge)))
                .isInstanceOf(BerthException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(700));
        assertInvalid("a/".repeat(200_000) + "a");
        assertInvalid("a" + "__a".repeat(300_000) + ":x");
        assertInvalid("[" + ":".repeat(400_000) + "/a");
        assertInvalid("[" + ":".repeat(400_000) + "]:/a");
        assertInvalid("a.".repeat(300_000) + "/b");
        // Docker bounds neither the number nor the length of domain labels.
        assertThat(Reference.parse("a.".repeat(300_000) + "a/b").path()).isEqualTo("b");
        assertInvalid("b@sha256:" + "f".repeat(600_000));
    }

    @Test
    void familiarString_printsAsDocker() {
        assertThat(Reference.parse("hello-world").withDefaultTag().familiarString()).isEqualTo("hello-world:latest");
        assertThat(Reference.parse("localhost:5000/a/b:t").familiarString()).isEqualTo("localhost:5000/a/b:t");
        assertThat(Reference.parse("docker.io/user/img").familiarString()).isEqualTo("user/img");
        assertThat(Reference.parse("index.docker.io/library/a/b@" + FFFF).familiarString())
                .isEqualTo("library/a/b@" + FFFF);
        assertThat(Reference.parse("busybox:latest@" + REDIS).familiarString()).isEqualTo("busybox:latest@" + REDIS);
        assertThat(Reference.parse("hello-world").name()).isEqualTo("docker.io/library/hello-world");
        assertThat(Reference.parse("hello-world").familiarName()).isEqualTo("hello-world");
    }

    @Test
    void familiarString_ofATaglessHexNameOnHub_isAnIdDockerWillNotReadBack() {
        Reference r = Reference.parse("docker.io/" + HEX64);
        assertThat(r).hasToString("docker.io/library/" + HEX64);
        assertThat(r.familiarString()).isEqualTo(HEX64);
        assertInvalid(r.familiarString());
        assertThat(Reference.parse(r.withTag("v1").familiarString())).isEqualTo(r.withTag("v1"));
    }

    @Test
    void familiarString_ofAHubNamespaceThatLooksLikeAHost_readsBackAsThatHost_asInDocker() {
        Reference dotted = Reference.parse("docker.io/a.b/app:1");
        assertThat(dotted.familiarString()).isEqualTo("a.b/app:1");
        assertThat(Reference.parse(dotted.familiarString()).domain()).isEqualTo("a.b");
        Reference local = Reference.parse("docker.io/localhost/app");
        assertThat(local.familiarString()).isEqualTo("localhost/app");
        assertThat(Reference.parse(local.familiarString()).domain()).isEqualTo("localhost");
    }

    @Test
    void withDefaultTag_addsLatestOnlyToABareName() {
        assertThat(Reference.parse("ubuntu").withDefaultTag()).hasToString("docker.io/library/ubuntu:latest");
        assertThat(Reference.parse("ubuntu:22.04").withDefaultTag()).hasToString("docker.io/library/ubuntu:22.04");
        assertThat(Reference.parse("ubuntu@" + FFFF).withDefaultTag()).hasToString("docker.io/library/ubuntu@" + FFFF);
    }

    @Test
    void dockerRef_prefersTheDigest_elseTagsLatest() {
        assertThat(Reference.parse("busybox:latest@" + REDIS).dockerRef())
                .hasToString("docker.io/library/busybox@" + REDIS);
        assertThat(Reference.parse("busybox").dockerRef()).hasToString("docker.io/library/busybox:latest");
        assertThat(Reference.parse("busybox:1").dockerRef()).hasToString("docker.io/library/busybox:1");
    }

    // TestWithTag, TestWithDigest, TestInvalidReferenceComponents.
    @Test
    void withTagAndWithDigest_combineAndKeepTheOther() {
        Reference named = Reference.parse("test.com:8000/foo");
        assertThat(named.withTag("TAG5")).hasToString("test.com:8000/foo:TAG5");
        assertThat(named.withDigest(Digest.parse(FFFF)).withTag("TAG5")).hasToString("test.com:8000/foo:TAG5@" + FFFF);
        assertThat(named.withTag("TAG5").withDigest(Digest.parse(FFFF))).hasToString("test.com:8000/foo:TAG5@" + FFFF);
        assertThat(named.withTag("t").withDigest(Digest.parse(FFFF)).nameOnly()).isEqualTo(named);
        assertThat(named.repository()).isEqualTo("foo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-foo", ".foo", "", "a:b", "a/b", "a b"})
    void withTag_refusesBadTag_withDockersReason(String tag) {
        Reference busybox = Reference.parse("busybox");
        assertThatThrownBy(() -> busybox.withTag(tag))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessage("invalid tag format");
        assertThatThrownBy(() -> busybox.withTag("x".repeat(129))).hasMessage("invalid tag format");
    }

    @Test
    void isDockerHub_onlyForDockerIo() {
        assertThat(Reference.parse("ubuntu").isDockerHub()).isTrue();
        assertThat(Reference.parse("index.docker.io/u/app").isDockerHub()).isTrue();
        assertThat(Reference.parse("registry-1.docker.io/u/app").isDockerHub()).isFalse();
        assertThat(Reference.parse("localhost/app").isDockerHub()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        docker.io       | ubuntu      | repository name must be canonical
        index.docker.io | library/a   | repository name must be canonical
        foo             | bar         | repository name must be canonical
        ''              | foo/bar     | repository name must be canonical
        ''              | foo.com/bar | repository name must be canonical
        ''              | foo_x.com   | repository name must be canonical
        -bad.com        | a           | invalid reference format
        [::1            | a           | invalid reference format
        example.com     | Upper       | invalid reference format
        example.com     | a//b        | invalid reference format
        """)
    void constructor_refusesWhatParseWouldNotGiveBack(String domain, String path, String message) {
        assertThatThrownBy(() -> new Reference(domain, path, Optional.empty(), Optional.empty()))
                .isInstanceOf(BerthException.class)
                .hasMessage(message);
    }

    @Test
    void constructor_acceptsCanonicalParts() {
        Reference r = new Reference("Foo", "bar", Optional.of("t"), Optional.of(Digest.parse(FFFF)));
        assertThat(r).hasToString("Foo/bar:t@" + FFFF).isEqualTo(Reference.parse(r.toString()));
        assertThat(new Reference("", "foo_x.com/bar", Optional.empty(), Optional.empty()))
                .isEqualTo(Reference.parse("foo_x.com/bar"));
        assertThatThrownBy(() -> new Reference("docker.io", "a/" + "b".repeat(254), Optional.empty(),
                Optional.empty())).hasMessage("repository name must not be more than 255 characters");
    }

    @ParameterizedTest
    @MethodSource("tableInputs")
    void parse_agreesWithTheUpstreamRegexpOracle_onEveryTableInput(String input) {
        ReferencePropertiesTest.assertAgreesWithOracle(input);
    }

    static Stream<String> tableInputs() {
        return Stream.concat(referenceParseTable().map(a -> (String) a.get()[0]), Stream.of(
                "", ":justtag", "Uppercase:tag", "Foo.com_x/bar", "İ.com/x", "foo_bar.com/app:1", "docker.io/" + HEX64,
                HEX64, "busybox@sha256:" + "F".repeat(64), "busybox:t@Sha256:" + "f".repeat(64), "[::1]:5000",
                "validname@invaliddigest:" + "f".repeat(64), "a/".repeat(128) + "a:tag", "busybox\n"));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(String input) {
        return assertThatThrownBy(() -> Reference.parse(input))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    private static void assertTimeoutPreemptively(Runnable r) {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), r::run);
    }
}
