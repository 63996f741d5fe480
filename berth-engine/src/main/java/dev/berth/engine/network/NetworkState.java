package dev.berth.engine.network;

import dev.berth.engine.event.Event;
import dev.berth.engine.event.EventBus;
import dev.berth.oci.error.BerthException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The networks and containers berthd knows, in memory and in the {@link NetworkStore}, and docker's rules for finding
 * one by name or id. Callers synchronise on it; every change is saved before it is published as an event.
 */
final class NetworkState {
    final NetworkStore store;
    private final EventBus events;
    private final Map<String, Network> networks = new LinkedHashMap<>();
    private final Map<String, ContainerNetworking> containers = new LinkedHashMap<>();

    NetworkState(NetworkStore store, EventBus events) {
        this.store = store;
        this.events = events;
        store.loadNetworks().forEach(n -> networks.put(n.id(), n));
        store.loadContainers().forEach(c -> containers.put(c.containerId(), c));
    }

    List<Network> networks() {
        return new ArrayList<>(networks.values());
    }

    List<ContainerNetworking> containers() {
        return new ArrayList<>(containers.values());
    }

    void put(Network n) {
        store.save(n);
        networks.put(n.id(), n);
    }

    void remove(Network n) {
        store.delete(n);
        networks.remove(n.id());
    }

    void put(ContainerNetworking c) {
        if (c.equals(containers.get(c.containerId()))) {
            // Unchanged (a start renames to the same name): each write fsyncs.
            return;
        }
        store.save(c);
        containers.put(c.containerId(), c);
    }

    /** {@code c} in memory only, for a record that is about to be deleted (see {@link Networks#stopBeforeRemoval}). */
    void putInMemory(ContainerNetworking c) {
        containers.put(c.containerId(), c);
    }

    void removeContainer(String id) {
        store.deleteContainer(id);
        containers.remove(id);
    }

    Optional<Network> byId(String id) {
        return Optional.ofNullable(networks.get(id));
    }

    Optional<Network> byName(String name) {
        return networks.values().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** Docker's lookup: full id, then name, then a unique id prefix; "network X not found" otherwise. */
    Network find(String idOrName) {
        Optional<Network> exact = byId(idOrName).or(() -> byName(idOrName));
        if (exact.isPresent()) {
            return exact.get();
        }
        List<Network> prefixed = networks.values().stream().filter(n -> n.id().startsWith(idOrName)).toList();
        if (prefixed.size() == 1 && !idOrName.isEmpty()) {
            return prefixed.get(0);
        }
        if (prefixed.size() > 1) {
            throw BerthException.invalid("network " + idOrName + " is ambiguous (" + prefixed.size()
                    + " matches found on id)");
        }
        throw BerthException.notFound("network " + idOrName + " not found");
    }

    Optional<ContainerNetworking> container(String id) {
        return Optional.ofNullable(containers.get(id));
    }

    ContainerNetworking existing(String id) {
        return container(id).orElseThrow(() -> BerthException.notFound("No such container: " + id));
    }

    /** A registered container by id, name (with or without {@code /}) or unique id prefix. */
    Optional<ContainerNetworking> findContainer(String idOrName) {
        String name = idOrName.startsWith("/") ? idOrName.substring(1) : idOrName;
        Optional<ContainerNetworking> exact = container(idOrName)
                .or(() -> containers.values().stream().filter(c -> c.name().equals(name)).findFirst());
        if (exact.isPresent()) {
            return exact;
        }
        List<ContainerNetworking> prefixed = containers.values().stream()
                .filter(c -> c.containerId().startsWith(idOrName)).toList();
        return prefixed.size() == 1 ? Optional.of(prefixed.get(0)) : Optional.empty();
    }

    void publish(String action, Network n, Optional<String> container) {
        Map<String, String> attributes = new LinkedHashMap<>();
        container.ifPresent(c -> attributes.put("container", c));
        attributes.put("name", n.name());
        attributes.put("type", n.driver());
        events.publish(new Event("network", action, n.id(), attributes, Instant.now()));
    }
}
