package dev.berth.oci.reference;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import java.util.Objects;
import java.util.Optional;

/**
 * An image reference, normalised as the docker CLI does (distribution/reference {@code ParseNormalizedNamed}; grammar
 * of its {@code regexp.go}): {@code [domain "/"] path [":" tag] ["@" digest]}.
 *
 * <p>Every value is canonical, so equal references print equal and {@code parse(r.toString())} gives {@code r}
 * back. Canonical means: Docker Hub is {@code docker.io}, never {@code index.docker.io}; a Hub path has a namespace
 * ({@code library/} for official images); any other domain is one docker recognises as a registry
 * ({@code localhost}, or containing a dot, a colon or an uppercase letter). The domain is empty only in docker's
 * legacy reading of a first component that looks like a host but is not a valid one, like {@code foo_bar.com/app}:
 * the whole is then a path.
 *
 * <p>{@link #familiarString()} prints what docker prints, and {@code parse} reads it back to the same reference
 * except in two docker quirks kept on purpose: a Hub namespace that looks like a host ({@code docker.io/a.b/app}
 * prints {@code a.b/app}, which reads as registry {@code a.b}), and a tagless {@code docker.io/library/<64 hex>},
 * which prints as an image id docker refuses to read as a name.
 *
 * @param domain registry host with optional port, e.g. {@code docker.io}, {@code localhost:5000},
 *               {@code [::1]:5000}; empty only in the legacy case above
 * @param path   repository path within the registry, e.g. {@code library/hello-world}
 * @param tag    tag, if any; a reference may carry both a tag and a digest
 * @param digest manifest digest, if any
 */
public record Reference(String domain, String path, Optional<String> tag, Optional<Digest> digest) {
    /** The canonical domain of Docker Hub. */
    public static final String DOCKER_HUB = "docker.io";
    /** The legacy Docker Hub ("Docker Index") domain, read as {@link #DOCKER_HUB}. */
    public static final String LEGACY_DOCKER_HUB = "index.docker.io";
    /** The tag {@link #withDefaultTag()} adds. */
    public static final String DEFAULT_TAG = "latest";
    /** Longest repository path docker accepts. */
    public static final int MAX_PATH_LENGTH = 255;

    static final String LOCALHOST = "localhost";
    private static final String OFFICIAL_PREFIX = "library/";

    public Reference {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        if (tag.isPresent() && !ReferenceGrammar.isTag(tag.get())) {
            throw BerthException.invalid(ReferenceParser.TAG_FORMAT);
        }
        if (!ReferenceGrammar.isPath(path) || !(domain.isEmpty() || ReferenceGrammar.isDomain(domain))) {
            throw BerthException.invalid(ReferenceParser.FORMAT);
        }
        if (path.length() > MAX_PATH_LENGTH) {
            throw BerthException.invalid(ReferenceParser.NAME_TOO_LONG);
        }
        if (!isCanonical(domain, path)) {
            throw BerthException.invalid(ReferenceParser.NOT_CANONICAL);
        }
    }

    /**
     * Reads a reference as {@code docker pull} does: {@code hello-world} is
     * {@code docker.io/library/hello-world}, {@code user/app} is {@code docker.io/user/app},
     * {@code index.docker.io} becomes {@code docker.io}. No default tag is added (see {@link #withDefaultTag()}).
     *
     * @throws BerthException INVALID_ARGUMENT with docker's reason, e.g.
     *         {@code invalid reference format: repository name (library/Foo) must be lowercase}
     */
    public static Reference parse(String text) {
        return ReferenceParser.parseNormalized(Objects.requireNonNull(text, "reference"));
    }

    /** True when {@link #parse} would accept {@code text}. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (BerthException e) {
            return false;
        }
    }

    /** {@code domain "/" path}, e.g. {@code docker.io/library/hello-world}: what registries and pulls address. */
    public String name() {
        return domain.isEmpty() ? path : domain + "/" + path;
    }

    /** The repository path within its registry, e.g. {@code library/hello-world}. */
    public String repository() {
        return path;
    }

    /** The name as docker shows it: Hub domain and {@code library/} dropped, e.g. {@code hello-world}. */
    public String familiarName() {
        if (!isDockerHub()) {
            return name();
        }
        // Only a one-component official name is shortened: library/a/b stays as is, as in docker.
        if (path.startsWith(OFFICIAL_PREFIX) && path.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
            return path.substring(OFFICIAL_PREFIX.length());
        }
        return path;
    }

    /** The reference as docker prints it, e.g. {@code hello-world:latest} or {@code localhost:5000/a/b:t}. */
    public String familiarString() {
        return withSuffixes(familiarName());
    }

    public boolean isDockerHub() {
        return domain.equals(DOCKER_HUB);
    }

    /** This reference with tag {@code latest} when it has neither tag nor digest (docker's {@code TagNameOnly}). */
    public Reference withDefaultTag() {
        return tag.isEmpty() && digest.isEmpty() ? withTag(DEFAULT_TAG) : this;
    }

    /**
     * What docker resolves when pulling ({@code ParseDockerRef}): the digest alone when there is one, since a tag
     * next to a digest is ignored, otherwise {@link #withDefaultTag()}.
     */
    public Reference dockerRef() {
        return digest.isPresent() ? new Reference(domain, path, Optional.empty(), digest) : withDefaultTag();
    }

    /** The same reference with {@code tag}, keeping any digest. */
    public Reference withTag(String newTag) {
        return new Reference(domain, path, Optional.of(newTag), digest);
    }

    /** The same reference with {@code newDigest}, keeping any tag. */
    public Reference withDigest(Digest newDigest) {
        return new Reference(domain, path, tag, Optional.of(newDigest));
    }

    /** The repository alone, without tag or digest (docker's {@code TrimNamed}). */
    public Reference nameOnly() {
        return new Reference(domain, path, Optional.empty(), Optional.empty());
    }

    /** The full wire form, e.g. {@code docker.io/library/hello-world:latest}. */
    @Override
    public String toString() {
        return withSuffixes(name());
    }

    private String withSuffixes(String name) {
        StringBuilder b = new StringBuilder(name);
        tag.ifPresent(t -> b.append(':').append(t));
        digest.ifPresent(d -> b.append('@').append(d));
        return b.toString();
    }

    /** True when {@link #parse} of the wire form gives back exactly this domain and path. */
    private static boolean isCanonical(String domain, String path) {
        if (domain.isEmpty()) {
            int slash = path.indexOf('/');
            return slash > 0 && path.substring(0, slash).contains(".")
                    && !ReferenceGrammar.isDomain(path.substring(0, slash));
        }
        if (domain.equals(DOCKER_HUB)) {
            return path.indexOf('/') >= 0;
        }
        return !domain.equals(LEGACY_DOCKER_HUB) && (domain.equals(LOCALHOST) || domain.contains(".")
                || domain.contains(":") || !ReferenceParser.toLower(domain).equals(domain));
    }
}
