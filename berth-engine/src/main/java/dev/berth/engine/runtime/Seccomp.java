package dev.berth.engine.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Json;

/**
 * A container's seccomp choice, {@code --security-opt seccomp=…} as dockerd reads it: docker's default profile
 * (no option, or {@code seccomp=builtin}), none ({@code seccomp=unconfined}), or a profile of the client's (the
 * docker CLI reads {@code seccomp=FILE} and sends the file's JSON). {@code --privileged} runs unconfined whatever
 * this says, as with dockerd; {@link SeccompFilter} turns the choice into the runtime spec's {@code linux.seccomp}.
 */
public sealed interface Seccomp {
    /** Docker's default profile, adapted to the container's capabilities. */
    Seccomp BUILTIN = new Builtin();
    /** No filter. */
    Seccomp UNCONFINED = new Unconfined();

    record Builtin() implements Seccomp {}

    record Unconfined() implements Seccomp {}

    /** A profile in docker's format (moby's {@code types.Seccomp}); refused unless it is a JSON object. */
    record Custom(JsonNode profile) implements Seccomp {
        public Custom {
            if (profile == null || !profile.isObject()) {
                throw BerthException.invalid("Decoding seccomp profile failed: not a JSON object");
            }
        }

        /** The profile of {@code json}, with dockerd's message when it is no JSON. */
        public static Custom parse(String json) {
            try {
                return new Custom(Json.MAPPER.readTree(json));
            } catch (JsonProcessingException e) {
                throw BerthException.invalid("Decoding seccomp profile failed: " + e.getOriginalMessage());
            }
        }
    }

    /** The choice of a {@code seccomp=VALUE} security option. */
    static Seccomp of(String value) {
        return switch (value) {
            case "unconfined" -> UNCONFINED;
            case "builtin" -> BUILTIN;
            default -> Custom.parse(value);
        };
    }
}
