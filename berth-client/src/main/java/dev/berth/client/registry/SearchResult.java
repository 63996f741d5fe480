package dev.berth.client.registry;

import java.util.Objects;

/** One repository a registry's v1 search found ({@code docker search}): name, description, stars, badges. */
public record SearchResult(String name, String description, int starCount, boolean official, boolean automated) {
    public SearchResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }
}
