package dev.berth.registry.http;

import dev.berth.registry.api.Access;
import java.util.List;
import java.util.Optional;

/**
 * The authentication and authorisation check that runs before a {@code /v2/} request reaches its handler. An
 * implementation either returns the authenticated principal (empty for anonymous), or throws a
 * {@link dev.berth.registry.api.RegistryException} with {@code UNAUTHORIZED} (and its {@code WWW-Authenticate}
 * header) or {@code DENIED}. It runs on the request's worker thread, so it may block (bcrypt, key loading).
 */
@FunctionalInterface
public interface AccessGuard {
    /** Anyone may do anything: the default without an {@code auth} section. */
    AccessGuard OPEN = (exchange, required) -> Optional.empty();

    Optional<String> authorize(Exchange exchange, List<Access> required);
}
