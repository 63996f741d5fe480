package dev.berth.oci.reference;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A literal transcription of distribution/reference's {@code ParseNormalizedNamed} and go-digest's
 * {@code Validate}, with the upstream regular expressions, used as the oracle Berth's hand-written grammar is
 * compared against. Only sha256 and sha512 count as available digest algorithms (Berth does not take sha384).
 * Fine for the short inputs of tests; Java's matcher would overflow the stack on very long ones.
 */
final class DockerReferenceOracle {
    /** What docker makes of an input: the components (tag and digest null when absent), or the error message. */
    record Outcome(String domain, String path, String tag, String digest, String error) {
        static Outcome ok(String domain, String path, String tag, String digest) {
            return new Outcome(domain, path, tag, digest, null);
        }

        static Outcome error(String message) {
            return new Outcome(null, null, null, null, message);
        }

        boolean accepted() {
            return error == null;
        }
    }

    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String DOMAIN_NAME_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String OPTIONAL_PORT = "(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}";
    private static final String IDENTIFIER = "([a-f0-9]{64})";
    private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
    private static final String DOMAIN_NAME = DOMAIN_NAME_COMPONENT + "(?:\\." + DOMAIN_NAME_COMPONENT + ")*";
    private static final String HOST = "(?:" + DOMAIN_NAME + "|" + IPV6 + ")";
    private static final String DOMAIN_AND_PORT = HOST + OPTIONAL_PORT;
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String REMOTE_NAME = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String NAME = "(?:" + DOMAIN_AND_PORT + "/)?" + REMOTE_NAME;

    // Go's $ is Java's \z: Java's $ would also match before a final newline.
    private static final Pattern REFERENCE =
            Pattern.compile("^(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?\\z");
    private static final Pattern ANCHORED_NAME =
            Pattern.compile("^(?:(" + DOMAIN_AND_PORT + ")/)?(" + REMOTE_NAME + ")\\z");
    private static final Pattern ANCHORED_IDENTIFIER = Pattern.compile("^" + IDENTIFIER + "\\z");
    private static final Pattern GO_DIGEST = Pattern.compile("^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+\\z");

    private DockerReferenceOracle() {}

    static Outcome parseNormalizedNamed(String s) {
        if (ANCHORED_IDENTIFIER.matcher(s).matches()) {
            return Outcome.error("invalid repository name (" + s + "), cannot specify 64-byte hexadecimal strings");
        }
        String[] split = splitDockerDomain(s);
        String remainder = split[1];
        int tagSep = remainder.indexOf(':');
        String remote = tagSep > -1 ? remainder.substring(0, tagSep) : remainder;
        if (!ReferenceParser.toLower(remote).equals(remote)) {
            return Outcome.error("invalid reference format: repository name (" + remote + ") must be lowercase");
        }
        return parse(split[0] + "/" + remainder);
    }

    private static String[] splitDockerDomain(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return new String[] {"docker.io", "library/" + name};
        }
        String maybeDomain = name.substring(0, slash);
        String maybeRemoteName = name.substring(slash + 1);
        String domain;
        String remoteName;
        if (maybeDomain.equals("localhost")) {
            domain = maybeDomain;
            remoteName = maybeRemoteName;
        } else if (maybeDomain.equals("index.docker.io")) {
            domain = "docker.io";
            remoteName = maybeRemoteName;
        } else if (maybeDomain.contains(".") || maybeDomain.contains(":")) {
            domain = maybeDomain;
            remoteName = maybeRemoteName;
        } else if (!ReferenceParser.toLower(maybeDomain).equals(maybeDomain)) {
            domain = maybeDomain;
            remoteName = maybeRemoteName;
        } else {
            domain = "docker.io";
            remoteName = name;
        }
        if (domain.equals("docker.io") && !remoteName.contains("/")) {
            remoteName = "library/" + remoteName;
        }
        return new String[] {domain, remoteName};
    }

    private static Outcome parse(String s) {
        if (s.isEmpty()) {
            return Outcome.error("repository name must have at least one component");
        }
        Matcher m = REFERENCE.matcher(s);
        if (!m.matches()) {
            String lower = ReferenceParser.toLower(s);
            if (!lower.equals(s) && REFERENCE.matcher(lower).matches()) {
                return Outcome.error("repository name must be lowercase");
            }
            return Outcome.error("invalid reference format");
        }
        String domain = "";
        String path = m.group(1);
        Matcher name = ANCHORED_NAME.matcher(m.group(1));
        if (name.matches()) {
            domain = name.group(1) == null ? "" : name.group(1);
            path = name.group(2);
        }
        if (path.length() > 255) {
            return Outcome.error("repository name must not be more than 255 characters");
        }
        String digest = m.group(3);
        if (digest != null) {
            Optional<String> bad = validateDigest(digest);
            if (bad.isPresent()) {
                return Outcome.error(bad.get());
            }
        }
        return Outcome.ok(domain, path, m.group(2), digest);
    }

    private static Optional<String> validateDigest(String s) {
        int i = s.indexOf(':');
        if (i <= 0 || i + 1 == s.length()) {
            return Optional.of("invalid checksum digest format");
        }
        String algorithm = s.substring(0, i);
        String encoded = s.substring(i + 1);
        int size = switch (algorithm) {
            case "sha256" -> 64;
            case "sha512" -> 128;
            default -> 0;
        };
        if (size == 0) {
            return Optional.of(GO_DIGEST.matcher(s).matches()
                    ? "unsupported digest algorithm" : "invalid checksum digest format");
        }
        if (encoded.length() != size) {
            return Optional.of("invalid checksum digest length");
        }
        return encoded.matches("[a-f0-9]+") ? Optional.empty() : Optional.of("invalid checksum digest format");
    }
}
