package dev.berth.registry.auth;

import dev.berth.oci.error.ErrorKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What an {@link Authorizer} decided about one request. */
public sealed interface AuthDecision {
    /** The spec's message for {@code UNAUTHORIZED}. */
    String AUTHENTICATION_REQUIRED = "authentication required";
    /** The spec's message for {@code DENIED}. */
    String ACCESS_DENIED = "requested access to the resource is denied";

    /** The request may go on, on behalf of {@code user} (empty: anonymous). */
    record Allowed(Optional<String> user) implements AuthDecision {
        public Allowed {
            Objects.requireNonNull(user, "user");
        }
    }

    /**
     * The request is refused: {@link ErrorKind#UNAUTHORIZED} (401, with a {@code WWW-Authenticate} challenge) when
     * credentials are missing or wrong, {@link ErrorKind#DENIED} (403) when an authenticated user may not do it.
     * {@code message} is the spec's; {@code reason} says why, for the log and the error's detail.
     */
    record Refused(ErrorKind kind, String message, String reason, List<Permission> required, Optional<String> challenge)
            implements AuthDecision {
        public Refused {
            if (kind != ErrorKind.UNAUTHORIZED && kind != ErrorKind.DENIED) {
                throw new IllegalArgumentException("an auth refusal is UNAUTHORIZED or DENIED, not " + kind);
            }
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(reason, "reason");
            required = List.copyOf(required);
            Objects.requireNonNull(challenge, "challenge");
        }

        public int status() {
            return kind == ErrorKind.UNAUTHORIZED ? 401 : 403;
        }

        static Refused unauthorized(String reason, List<Permission> required, String challenge) {
            return new Refused(ErrorKind.UNAUTHORIZED, AUTHENTICATION_REQUIRED, reason, required,
                    Optional.of(challenge));
        }

        static Refused denied(String reason, List<Permission> required, Optional<String> challenge) {
            return new Refused(ErrorKind.DENIED, ACCESS_DENIED, reason, required, challenge);
        }
    }
}
