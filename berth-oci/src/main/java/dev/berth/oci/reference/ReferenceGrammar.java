package dev.berth.oci.reference;

/**
 * The productions of the reference grammar (distribution/reference {@code regexp.go}) as plain character loops.
 *
 * <pre>
 * domain           := host [':' port-number]
 * host             := domain-name | '[' [a-fA-F0-9:]+ ']'
 * domain-name      := domain-component ['.' domain-component]*
 * domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
 * port-number      := /[0-9]+/
 * path             := path-component ['/' path-component]*
 * path-component   := alpha-numeric [separator alpha-numeric]*
 * alpha-numeric    := /[a-z0-9]+/
 * separator        := /[_.]|__|[-]+/
 * tag              := /[\w][\w.-]{0,127}/
 * digest           := algorithm-component [/[-_+.]/ algorithm-component]* ':' /[0-9a-fA-F]{32,}/
 * algorithm-component := /[A-Za-z][A-Za-z0-9]{0,}/
 * identifier       := /[a-f0-9]{64}/
 * </pre>
 *
 * <p>Loops rather than {@link java.util.regex.Pattern}: Java's backtracking matcher recurses per repetition and
 * overflows the stack on long hostile input, where these run in linear time and constant stack.
 */
final class ReferenceGrammar {
    static final int MAX_TAG_LENGTH = 128;

    private ReferenceGrammar() {}

    /** {@code domain}: a host name, IPv4 or bracketed IPv6 address, with an optional port. */
    static boolean isDomain(String s) {
        int portColon;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 2 || !isIpv6Body(s, 1, close)) {
                return false;
            }
            portColon = close + 1;
            if (portColon == s.length()) {
                return true;
            }
            if (s.charAt(portColon) != ':') {
                return false;
            }
        } else {
            portColon = s.indexOf(':');
            if (!isDomainName(s, 0, portColon < 0 ? s.length() : portColon)) {
                return false;
            }
            if (portColon < 0) {
                return true;
            }
        }
        return isDigits(s, portColon + 1, s.length());
    }

    /** {@code path}: one or more path components separated by single slashes. */
    static boolean isPath(String s) {
        int start = 0;
        while (true) {
            int slash = s.indexOf('/', start);
            int end = slash < 0 ? s.length() : slash;
            if (!isPathComponent(s, start, end)) {
                return false;
            }
            if (slash < 0) {
                return true;
            }
            start = slash + 1;
        }
    }

    static boolean isTag(String s) {
        if (s.isEmpty() || s.length() > MAX_TAG_LENGTH || !isWord(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isWord(c) || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The loose digest shape a reference accepts before the digest itself is validated (any algorithm name, 32 or
     * more hex digits of either case).
     */
    static boolean isDigestShaped(String s) {
        int colon = s.indexOf(':');
        return colon > 0 && isAlgorithm(s, 0, colon) && s.length() - colon - 1 >= 32 && isHex(s, colon + 1);
    }

    /** A 64-character lowercase hex string: an image id, which docker refuses as a repository name. */
    static boolean isIdentifier(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6Body(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c == ':' || isAsciiHex(c))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDomainName(String s, int from, int to) {
        int start = from;
        while (true) {
            int dot = s.indexOf('.', start);
            int end = dot < 0 || dot >= to ? to : dot;
            if (!isDomainComponent(s, start, end)) {
                return false;
            }
            if (end == to) {
                return true;
            }
            start = end + 1;
        }
    }

    private static boolean isDomainComponent(String s, int from, int to) {
        if (to <= from || !isAsciiAlnum(s.charAt(from)) || !isAsciiAlnum(s.charAt(to - 1))) {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            char c = s.charAt(i);
            if (!(isAsciiAlnum(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Runs of lowercase alphanumerics joined by one separator: {@code .}, {@code _}, {@code __} or dashes. */
    private static boolean isPathComponent(String s, int from, int to) {
        if (to <= from || !isLowerAlnum(s.charAt(from)) || !isLowerAlnum(s.charAt(to - 1))) {
            return false;
        }
        int i = from;
        while (i < to) {
            if (isLowerAlnum(s.charAt(i))) {
                i++;
                continue;
            }
            int sepStart = i;
            while (i < to && !isLowerAlnum(s.charAt(i))) {
                i++;
            }
            if (!isSeparator(s.substring(sepStart, i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSeparator(String sep) {
        if (sep.equals(".") || sep.equals("_") || sep.equals("__")) {
            return true;
        }
        return sep.chars().allMatch(c -> c == '-');
    }

    private static boolean isAlgorithm(String s, int from, int to) {
        boolean atComponentStart = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (atComponentStart) {
                if (!isAsciiLetter(c)) {
                    return false;
                }
                atComponentStart = false;
            } else if (c == '-' || c == '_' || c == '+' || c == '.') {
                atComponentStart = true;
            } else if (!isAsciiAlnum(c)) {
                return false;
            }
        }
        return !atComponentStart;
    }

    private static boolean isDigits(String s, int from, int to) {
        if (to <= from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!isAsciiHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWord(char c) {
        return isAsciiAlnum(c) || c == '_';
    }

    private static boolean isLowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean isAsciiAlnum(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9');
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
