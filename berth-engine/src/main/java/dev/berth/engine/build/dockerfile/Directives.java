package dev.berth.engine.build.dockerfile;

import java.util.Optional;

/**
 * The parser directives at the top of a Dockerfile ({@code # escape=`}, {@code # syntax=…}, {@code # check=…}): only
 * before the first comment, empty line or instruction, each at most once.
 */
public record Directives(char escape, Optional<String> syntax, Optional<String> check) {
    public static final Directives DEFAULT = new Directives('\\', Optional.empty(), Optional.empty());

    public Directives {
        if (escape != '\\' && escape != '`') {
            throw new IllegalArgumentException("escape must be \\ or `");
        }
    }
}
