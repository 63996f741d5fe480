package dev.berth.client.auth;

import dev.berth.oci.error.BerthException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One authentication challenge of a {@code WWW-Authenticate} header (RFC 7235 §4.1, as registries send it:
 * {@code Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"}).
 *
 * <p>Grammar: {@code challenge = scheme [ 1*SP auth-param *( "," auth-param ) ]}, {@code auth-param = token "="
 * ( token / quoted-string )}; several challenges may share one header, separated by commas.
 *
 * @param scheme lower-cased, e.g. {@code bearer} or {@code basic}
 * @param params parameter names lower-cased, values unquoted
 */
public record Challenge(String scheme, Map<String, String> params) {
    public Challenge {
        Objects.requireNonNull(scheme, "scheme");
        params = Map.copyOf(params);
        if (scheme.isEmpty()) {
            throw BerthException.invalid("authentication challenge without a scheme");
        }
    }

    public boolean isBearer() {
        return scheme.equals("bearer");
    }

    public boolean isBasic() {
        return scheme.equals("basic");
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The challenges of one header value, in order; a malformed value is INVALID_ARGUMENT. */
    public static List<Challenge> parse(String header) {
        return new Parser(header).challenges();
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = Objects.requireNonNull(s, "header");
        }

        List<Challenge> challenges() {
            List<Challenge> out = new ArrayList<>();
            skipSpaceAndCommas();
            while (i < s.length()) {
                String scheme = token();
                if (scheme.isEmpty()) {
                    throw malformed();
                }
                Map<String, String> params = new LinkedHashMap<>();
                skipSpace();
                while (i < s.length()) {
                    int mark = i;
                    String name = token();
                    skipSpace();
                    if (name.isEmpty() || i >= s.length() || s.charAt(i) != '=') {
                        i = mark; // the next challenge's scheme
                        break;
                    }
                    i++;
                    skipSpace();
                    params.put(name.toLowerCase(Locale.ROOT), i < s.length() && s.charAt(i) == '"' ? quoted() : token());
                    skipSpace();
                    if (i < s.length() && s.charAt(i) == ',') {
                        i++;
                        skipSpace();
                    }
                }
                out.add(new Challenge(scheme.toLowerCase(Locale.ROOT), params));
                skipSpaceAndCommas();
            }
            return out;
        }

        private String token() {
            int start = i;
            while (i < s.length() && isTokenChar(s.charAt(i))) {
                i++;
            }
            return s.substring(start, i);
        }

        private String quoted() {
            StringBuilder b = new StringBuilder();
            i++;
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\' && i < s.length()) {
                    c = s.charAt(i++);
                }
                b.append(c);
            }
            throw malformed();
        }

        private void skipSpace() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        private void skipSpaceAndCommas() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
                i++;
            }
        }

        private static boolean isTokenChar(char c) {
            return c > ' ' && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }

        private BerthException malformed() {
            return BerthException.invalid("malformed WWW-Authenticate header: " + s);
        }
    }
}
