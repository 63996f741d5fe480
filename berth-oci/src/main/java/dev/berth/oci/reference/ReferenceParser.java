package dev.berth.oci.reference;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.util.Optional;

/**
 * Docker's reading of an image reference: {@code ParseNormalizedNamed} (Docker Hub defaults, the 64-hex and
 * lowercase checks) over {@code Parse} (the grammar, the length limit, the digest), in distribution/reference's
 * order, so that each refusal carries the reason docker gives for the same input.
 */
final class ReferenceParser {
    static final String FORMAT = "invalid reference format";
    static final String NAME_UPPERCASE = "repository name must be lowercase";
    static final String NAME_TOO_LONG =
            "repository name must not be more than " + Reference.MAX_PATH_LENGTH + " characters";
    static final String TAG_FORMAT = "invalid tag format";
    static final String NOT_CANONICAL = "repository name must be canonical";
    static final String DIGEST_FORMAT = "invalid checksum digest format";
    static final String DIGEST_LENGTH = "invalid checksum digest length";
    static final String DIGEST_UNSUPPORTED = "unsupported digest algorithm";

    private static final String OFFICIAL_PREFIX = "library/";
    private static final int MAX_QUOTED = 512;

    private record Parts(String domain, String path, Optional<String> tag, Optional<String> digest) {}

    private record Split(String domain, String remainder) {}

    private ReferenceParser() {}

    static Reference parseNormalized(String s) {
        if (ReferenceGrammar.isIdentifier(s)) {
            throw BerthException.invalid(
                    "invalid repository name (" + s + "), cannot specify 64-byte hexadecimal strings");
        }
        Split split = splitDockerDomain(s);
        int tagColon = split.remainder().indexOf(':');
        String remote = tagColon < 0 ? split.remainder() : split.remainder().substring(0, tagColon);
        if (!toLower(remote).equals(remote)) {
            throw BerthException.invalid(FORMAT + ": repository name (" + quoted(remote) + ") must be lowercase");
        }
        return parse(split.domain() + "/" + split.remainder());
    }

    /**
     * Splits off the registry the way docker guesses it: the first component is a registry only when it is
     * {@code localhost} or contains a dot, a colon or an uppercase letter; a single-component Hub name gains
     * {@code library/}.
     */
    private static Split splitDockerDomain(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return new Split(Reference.DOCKER_HUB, OFFICIAL_PREFIX + name);
        }
        String maybeDomain = name.substring(0, slash);
        String rest = name.substring(slash + 1);
        Split split;
        if (maybeDomain.equals(Reference.LOCALHOST)) {
            split = new Split(maybeDomain, rest);
        } else if (maybeDomain.equals(Reference.LEGACY_DOCKER_HUB)) {
            split = new Split(Reference.DOCKER_HUB, rest);
        } else if (maybeDomain.contains(".") || maybeDomain.contains(":")
                || !toLower(maybeDomain).equals(maybeDomain)) {
            split = new Split(maybeDomain, rest);
        } else {
            split = new Split(Reference.DOCKER_HUB, name);
        }
        if (split.domain().equals(Reference.DOCKER_HUB) && split.remainder().indexOf('/') < 0) {
            return new Split(split.domain(), OFFICIAL_PREFIX + split.remainder());
        }
        return split;
    }

    private static Reference parse(String s) {
        Parts parts = match(s);
        if (parts == null) {
            String lower = toLower(s);
            throw BerthException.invalid(!lower.equals(s) && match(lower) != null ? NAME_UPPERCASE : FORMAT);
        }
        if (parts.path().length() > Reference.MAX_PATH_LENGTH) {
            throw BerthException.invalid(NAME_TOO_LONG);
        }
        return new Reference(parts.domain(), parts.path(), parts.tag(),
                parts.digest().map(ReferenceParser::parseDigest));
    }

    /**
     * {@code name [":" tag] ["@" digest]}. Neither a tag nor a path contains a colon and only the digest holds an
     * {@code @}, so a colon after the last slash can only start the tag: the split is unique.
     */
    private static Parts match(String s) {
        int at = s.indexOf('@');
        String left = at < 0 ? s : s.substring(0, at);
        Optional<String> digest = Optional.empty();
        if (at >= 0) {
            digest = Optional.of(s.substring(at + 1));
            if (!ReferenceGrammar.isDigestShaped(digest.get())) {
                return null;
            }
        }
        Optional<String> tag = Optional.empty();
        String name = left;
        int colon = left.lastIndexOf(':');
        if (colon > left.lastIndexOf('/')) {
            tag = Optional.of(left.substring(colon + 1));
            name = left.substring(0, colon);
            if (!ReferenceGrammar.isTag(tag.get())) {
                return null;
            }
        }
        return matchName(name, tag, digest);
    }

    /** A registry when the first component is one and the rest a path; else the whole as a path (legacy). */
    private static Parts matchName(String name, Optional<String> tag, Optional<String> digest) {
        int slash = name.indexOf('/');
        if (slash >= 0 && ReferenceGrammar.isDomain(name.substring(0, slash))
                && ReferenceGrammar.isPath(name.substring(slash + 1))) {
            return new Parts(name.substring(0, slash), name.substring(slash + 1), tag, digest);
        }
        return ReferenceGrammar.isPath(name) ? new Parts("", name, tag, digest) : null;
    }

    /** Berth's digest, refused with the reason go-digest gives for the same text. */
    private static Digest parseDigest(String text) {
        try {
            return Digest.parse(text);
        } catch (BerthException e) {
            throw new BerthException(ErrorKind.INVALID_ARGUMENT, digestReason(text), e);
        }
    }

    private static String digestReason(String text) {
        int colon = text.indexOf(':');
        String algorithm = text.substring(0, colon);
        Optional<DigestAlgorithm> known = DigestAlgorithm.byId(algorithm);
        if (known.isEmpty()) {
            return toLower(algorithm).equals(algorithm) ? DIGEST_UNSUPPORTED : DIGEST_FORMAT;
        }
        return text.length() - colon - 1 != known.get().hexLength() ? DIGEST_LENGTH : DIGEST_FORMAT;
    }

    /** Go's {@code strings.ToLower}: simple per-code-point mapping, unlike {@link String#toLowerCase}. */
    static String toLower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().map(Character::toLowerCase).forEach(b::appendCodePoint);
        return b.toString();
    }

    /** Hostile input stays out of logs in full; anything a person would type is quoted as is. */
    private static String quoted(String s) {
        return s.length() > MAX_QUOTED ? s.substring(0, MAX_QUOTED) + "…" : s;
    }
}
