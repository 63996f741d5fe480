package dev.berth.engine.network;

import dev.berth.engine.runtime.HostFiles;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Containers' networking: the create-time record, the sandbox built at start and undone at stop, connect and
 * disconnect, and the names the embedded DNS answers. See {@link Networks} for the lifecycle.
 */
final class Sandboxes implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Sandboxes.class.getName());

    private final Networks networks;
    private final NetworkState state;
    private final Cni cni;
    private final EmbeddedDns dns;
    private final PortProxy proxy = new PortProxy();
    private final SpareNamespace spares = new SpareNamespace();
    /** The second halves of starts still running, by container ({@link #start}). */
    private final Map<String, CompletableFuture<Void>> building = new ConcurrentHashMap<>();

    Sandboxes(Networks networks) {
        this.networks = networks;
        this.state = networks.state;
        this.cni = networks.cni;
        DnsForwarder host = DnsForwarder.ofResolvConf(DnsForwarder.HOST_RESOLV_CONF);
        this.dns = new EmbeddedDns(this::resolve, asker -> forwarder(asker, host));
    }

    /**
     * Records {@code r}. Like dockerd, networks and containers named here are looked up again at start: one missing
     * now fails the start (docker's create succeeds), so it is kept as the reference the request gave.
     */
    ContainerNetworking register(ContainerRequest r) {
        synchronized (state) {
            NetworkMode mode = NetworkMode.parse(r.networkMode());
            List<Attachment> attachments = new ArrayList<>();
            switch (mode) {
                case NetworkMode.Named named -> {
                    Optional<Network> found = lookup(named.network());
                    if (found.isEmpty()) {
                        attachments.add(unresolved(named.network(), endpointRequest(r, named.network())));
                    } else {
                        Network n = found.get();
                        mode = switch (n.driver()) {
                            case Network.HOST -> new NetworkMode.Host();
                            case "null" -> new NetworkMode.None();
                            default -> n.defaultBridge() ? new NetworkMode.Bridge() : new NetworkMode.Named(n.name());
                        };
                        if (n.driver().equals(Network.BRIDGE)) {
                            attachments.add(attachment(n, endpointRequest(r, n)));
                        }
                    }
                }
                case NetworkMode.Bridge b -> {
                    checkLinksExist(r);
                    Network n = defaultBridge();
                    attachments.add(attachment(n, endpointRequest(r, n)));
                }
                case NetworkMode.Container other -> {
                    mode = new NetworkMode.Container(state.findContainer(other.container())
                            .map(ContainerNetworking::containerId).orElse(other.container()));
                }
                case NetworkMode.Host h -> { }
                case NetworkMode.None n -> checkLinksExist(r);
            }
            if (attachments.size() == 1) {
                for (Map.Entry<String, ContainerRequest.EndpointRequest> e : r.endpoints().entrySet()) {
                    if (e.getKey().equals("default")) {
                        continue;
                    }
                    Optional<Network> n = lookup(e.getKey());
                    if (n.isEmpty()) {
                        attachments.add(unresolved(e.getKey(), e.getValue()));
                    } else if (n.get().driver().equals(Network.BRIDGE)
                            && attachments.stream().noneMatch(a -> a.networkId().equals(n.get().id()))) {
                        attachments.add(attachment(n.get(), e.getValue()));
                    }
                }
            }
            boolean publishes = mode instanceof NetworkMode.Bridge || mode instanceof NetworkMode.Named;
            ContainerNetworking c = new ContainerNetworking(r.containerId(), r.name(), r.hostname(), mode, attachments,
                    publishes ? r.ports() : List.of(), publishes && r.publishAll(), r.exposed(), r.hosts(),
                    Optional.empty());
            state.put(c);
            return c;
        }
    }

    private Optional<Network> lookup(String idOrName) {
        try {
            return Optional.of(state.find(idOrName));
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A network the request named that does not exist (yet): resolved, and checked, at start. */
    private static Attachment unresolved(String reference, ContainerRequest.EndpointRequest e) {
        return new Attachment(reference, e.aliases(), e.ipv4().filter(s -> !s.isEmpty()).map(Ipv4::parse), e.mac());
    }

    /** The attachments with each network looked up again (docker's "network X not found" at start). */
    private List<Attachment> resolve(List<Attachment> attachments) {
        List<Attachment> resolved = new ArrayList<>();
        for (Attachment a : attachments) {
            Network n = state.find(a.networkId());
            resolved.add(n.id().equals(a.networkId()) ? a : attachment(n, new ContainerRequest.EndpointRequest(
                    a.aliases(), a.ipv4().map(Ipv4::format), a.mac())));
        }
        return resolved;
    }

    private static ContainerRequest.EndpointRequest endpointRequest(ContainerRequest r, String reference) {
        ContainerRequest.EndpointRequest e = r.endpoints().get(reference);
        return e != null ? e : new ContainerRequest.EndpointRequest(List.of(), Optional.empty());
    }

    private static ContainerRequest.EndpointRequest endpointRequest(ContainerRequest r, Network n) {
        for (Map.Entry<String, ContainerRequest.EndpointRequest> e : r.endpoints().entrySet()) {
            if (e.getKey().equals(n.name()) || e.getKey().equals(n.id())
                    || n.id().startsWith(e.getKey()) && !e.getKey().isEmpty()
                    || e.getKey().equals("default") && n.defaultBridge()) {
                return e.getValue();
            }
        }
        return new ContainerRequest.EndpointRequest(List.of(), Optional.empty());
    }

    private Attachment attachment(Network n, ContainerRequest.EndpointRequest e) {
        if (!e.aliases().isEmpty() && !n.userDefined()) {
            throw BerthException.invalid("network-scoped alias is supported only for containers in user defined"
                    + " networks");
        }
        Optional<Integer> ip = e.ipv4().filter(s -> !s.isEmpty()).map(Ipv4::parse);
        if (ip.isPresent()) {
            if (!n.userDefined()) {
                throw BerthException.invalid("user specified IP address is supported on user defined networks only");
            }
            Ipam ipam = n.ipam().orElseThrow();
            if (!ipam.assignable(ip.get())) {
                throw BerthException.invalid("no configured subnet or ip-range contain the IP address "
                        + Ipv4.format(ip.get()));
            }
        }
        return new Attachment(n.id(), e.aliases(), ip, e.mac());
    }

    private Network defaultBridge() {
        return state.networks().stream().filter(Network::defaultBridge).findFirst()
                .orElseThrow(() -> BerthException.notFound("network bridge not found"));
    }

    /**
     * The first half of a start, up to what the runtime's create needs: the namespace to join and the host files to
     * mount. Own namespaces get their interfaces (CNI ADD), published ports, DNS and the host files' contents in a
     * second half that runs meanwhile, {@link #awaitStarted} before the container runs: the plugins' runs then
     * overlap the runtime's create instead of preceding it.
     */
    Networks.Started start(String id) {
        awaitQuietly(id);
        synchronized (state) {
            ContainerNetworking c = state.existing(id);
            if (c.sandbox().isPresent()) {
                stopLocked(id);
                c = state.existing(id);
            }
            return switch (c.mode()) {
                case NetworkMode.Host h -> {
                    Path ns = Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "ns", "net");
                    state.put(c.withSandbox(Optional.of(new Sandbox(ns, false, List.of(), List.of()))));
                    yield new Networks.Started(ns, writeHostFiles(c.containerId(),
                            ContainerHostFiles.hostMode(c, hostGateway())));
                }
                case NetworkMode.Container other -> {
                    ContainerNetworking o = state.findContainer(other.container()).orElseThrow(
                            () -> BerthException.notFound("No such container: " + other.container()));
                    if (o.sandbox().isEmpty()) {
                        throw new BerthException(ErrorKind.CONFLICT,
                                "cannot join network namespace of a non running container: " + other.container());
                    }
                    Sandbox s = o.sandbox().orElseThrow();
                    state.put(c.withSandbox(Optional.of(new Sandbox(s.netns(), false, List.of(), List.of()))));
                    yield new Networks.Started(s.netns(), writeHostFiles(c.containerId(),
                            o.mode() instanceof NetworkMode.Host ? ContainerHostFiles.hostMode(o, hostGateway())
                                    : hostFiles(o, s)), Optional.of(o.hostname()));
                }
                default -> startOwn(c);
            };
        }
    }

    /** The second half of {@link #start}: done, or its failure thrown (the sandbox is then undone). */
    void awaitStarted(String id) {
        CompletableFuture<Void> f = building.get(id);
        if (f == null) {
            return;
        }
        try {
            f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : BerthException.wrap("start network of container "
                    + id, e.getCause());
        } finally {
            building.remove(id, f);
        }
    }

    /**
     * Waits for a second half still running, whatever its outcome: before anything else touches the sandbox (one
     * that failed has undone itself). Never called holding the state's lock, which the second half takes.
     */
    private void awaitQuietly(String id) {
        CompletableFuture<Void> f = building.get(id);
        if (f != null) {
            f.exceptionally(e -> null).join();
            building.remove(id, f);
        }
    }

    private void awaitQuietlyFor(String container) {
        Optional<String> id;
        synchronized (state) {
            id = state.findContainer(container).map(ContainerNetworking::containerId);
        }
        id.ifPresent(this::awaitQuietly);
    }

    private Networks.Started startOwn(ContainerNetworking requested) {
        if (requested.mode() instanceof NetworkMode.Bridge) {
            checkLinksRunning(requested);
        }
        ContainerNetworking c = requested.withAttachments(resolve(requested.attachments()));
        if (!c.equals(requested)) {
            state.put(c);
        }
        Path ns = state.store.netns(c.containerId());
        NetNamespace.remove(ns);
        spares.createAt(ns);
        Map<String, Path> files;
        try {
            files = writeHostFiles(c.containerId(), new HostFiles("", "", ""));
        } catch (RuntimeException e) {
            undo(c, ns, 0, e);
            throw e;
        }
        CompletableFuture<Void> built = new CompletableFuture<>();
        building.put(c.containerId(), built);
        Thread.ofVirtual().name("berth-network-start").start(() -> {
            try {
                synchronized (state) {
                    build(c, ns);
                }
                built.complete(null);
            } catch (RuntimeException | Error e) {
                built.completeExceptionally(e);
            }
        });
        return new Networks.Started(ns, files);
    }

    /** CNI ADD per attachment, ports, DNS, the sandbox recorded, connect events, the host files' contents. */
    private void build(ContainerNetworking c, Path ns) {
        List<Endpoint> endpoints = new ArrayList<>();
        List<PortMapping> bound = new ArrayList<>();
        int attempted = 0;
        try {
            for (Attachment a : c.attachments()) {
                Network n = state.byId(a.networkId()).orElseThrow(() -> BerthException.notFound("network "
                        + a.networkId() + " not found"));
                String ifname = "eth" + attempted++;
                endpoints.add(add(c.containerId(), n, a, ns, ifname));
            }
            if (!endpoints.isEmpty()) {
                int target = endpoints.get(0).address();
                for (PortMapping p : portsToPublish(c)) {
                    bound.add(publish(c.containerId(), p, target));
                }
            }
            Sandbox sandbox = new Sandbox(ns, true, endpoints, bound);
            if (usesEmbeddedDns(sandbox)) {
                dns.listen(c.containerId(), ns);
            }
            state.put(c.withSandbox(Optional.of(sandbox)));
        } catch (RuntimeException e) {
            // The namespace stays: the runtime may be creating the container in it. stop() removes it.
            undoEndpoints(c, ns, attempted, e);
            throw e;
        }
        for (Endpoint e : endpoints) {
            state.byId(e.networkId()).ifPresent(n -> state.publish("connect", n, Optional.of(c.containerId())));
        }
        ContainerNetworking started = state.existing(c.containerId());
        writeHostFiles(c.containerId(), hostFiles(started, started.sandbox().orElseThrow()));
    }

    /**
     * Writes the host files under the container's files directory, in place (the inode a container's bind mount
     * holds stays) so running containers see updates; their paths by destination.
     */
    private Map<String, Path> writeHostFiles(String id, HostFiles files) {
        Path dir = state.store.files(id);
        Map<String, Path> mounts = new java.util.LinkedHashMap<>();
        try {
            java.nio.file.Files.createDirectories(dir);
            for (String name : HostFiles.NAMES) {
                Path f = dir.resolve(name);
                java.nio.file.Files.writeString(f, files.text(name));
                mounts.put("/etc/" + name, f);
            }
        } catch (java.io.IOException e) {
            throw BerthException.io("write host files of container " + id, e);
        }
        return mounts;
    }

    private void undo(ContainerNetworking c, Path ns, int attempted, RuntimeException failure) {
        undoEndpoints(c, ns, attempted, failure);
        try {
            NetNamespace.remove(ns);
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    private void undoEndpoints(ContainerNetworking c, Path ns, int attempted, RuntimeException failure) {
        try {
            dns.stop(c.containerId());
            proxy.close(c.containerId());
            for (int i = attempted - 1; i >= 0; i--) {
                Optional<Network> n = state.byId(c.attachments().get(i).networkId());
                if (n.isPresent()) {
                    cni.del(CniConfigs.bridge(n.get(), state.store.ipam()), c.containerId(), ns,
                            "eth" + i);
                }
            }
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    private Endpoint add(String containerId, Network n, Attachment a, Path ns, String ifname) {
        networks.ensureIsolated(n);
        var result = cni.add(CniConfigs.bridge(n, state.store.ipam(), a.ipv4(), a.mac()), containerId, ns, ifname);
        Cni.Attached at = Cni.attached(result, ifname);
        return new Endpoint(n.id(), Networks.newId(), ifname, at.mac(), at.address(), at.prefix(),
                n.ipam().orElseThrow().gateway(), a.aliases());
    }

    /** The requested ports, and with {@code -P} every exposed port not requested, to any free host port. */
    private List<PortMapping> portsToPublish(ContainerNetworking c) {
        List<PortMapping> ports = new ArrayList<>(c.ports());
        if (c.publishAll()) {
            Set<String> requested = new LinkedHashSet<>();
            c.ports().forEach(p -> requested.add(p.key()));
            for (String key : c.exposed()) {
                PortMapping p = PortMapping.parseKey(key, networks.settings.defaultBindIp());
                if (!requested.contains(p.key())) {
                    ports.add(p);
                }
            }
        }
        return ports;
    }

    private PortMapping publish(String containerId, PortMapping p, int target) {
        PortMapping withIp = p.hostIp().isEmpty() ? new PortMapping(p.containerPort(), p.protocol(),
                networks.settings.defaultBindIp(), p.hostPort(), p.hostPortEnd()) : p;
        if (withIp.hostPort() == withIp.hostPortEnd()) {
            return proxy.open(containerId, withIp, target);
        }
        BerthException last = null;
        for (int port = withIp.hostPort(); port <= withIp.hostPortEnd(); port++) {
            try {
                return proxy.open(containerId, withIp.withHostPort(port), target);
            } catch (BerthException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Whether the sandbox is on a user-defined network, the only ones the embedded DNS serves. */
    private boolean usesEmbeddedDns(Sandbox s) {
        return s.endpoints().stream().anyMatch(e -> userDefined(e.networkId()));
    }

    private boolean userDefined(String networkId) {
        return state.byId(networkId).map(Network::userDefined).orElse(false);
    }

    private HostFiles hostFiles(ContainerNetworking c, Sandbox s) {
        boolean embedded = usesEmbeddedDns(s);
        List<String> links = ContainerHostFiles.links(c.hosts().links(), this::linkLine);
        return ContainerHostFiles.of(c, s.endpoints().stream().findFirst(), embedded, links, hostGateway());
    }

    /**
     * {@code name:alias} → {@code IP\talias shortid name} for a running container on the default bridge; a linked
     * container in another's namespace stands for that one, as dockerd's {@code registerLinks} takes it.
     */
    private Optional<String> linkLine(String link) {
        LegacyLink l = LegacyLink.parse(link);
        Network bridge = defaultBridge();
        return state.findContainer(l.name()).flatMap(this::namespaceOwner)
                .flatMap(t -> t.sandbox().flatMap(s -> s.endpoint(bridge.id())).map(e -> e.ipAddress() + "\t"
                        + l.alias() + " " + t.containerId().substring(0, 12) + " " + t.name()));
    }

    /** The container whose network namespace {@code c} has: itself, or the end of its {@code container:} modes. */
    private Optional<ContainerNetworking> namespaceOwner(ContainerNetworking c) {
        Optional<ContainerNetworking> owner = Optional.of(c);
        while (owner.isPresent() && owner.get().mode() instanceof NetworkMode.Container other) {
            owner = state.findContainer(other.container());
        }
        return owner;
    }

    /**
     * dockerd's {@code registerLinks} at create, off user-defined networks: each link names an existing container,
     * whose network (followed through {@code container:} modes) is not the host's.
     */
    private void checkLinksExist(ContainerRequest r) {
        for (String link : r.hosts().links()) {
            String name = LegacyLink.parse(link).name();
            ContainerNetworking target = state.findContainer(name).orElseThrow(() -> BerthException.invalid(
                    "could not get container for " + name + ": No such container: " + name));
            while (target.mode() instanceof NetworkMode.Container other) {
                target = state.findContainer(other.container()).orElseThrow(() -> BerthException.invalid(
                        "Could not get container for " + other.container() + ": No such container: "
                                + other.container()));
            }
            if (target.mode() instanceof NetworkMode.Host) {
                throw BerthException.invalid("conflicting options: host type networking can't be used with links."
                        + " This would result in undefined behavior");
            }
        }
    }

    /** dockerd's {@code setupLinkedContainers} at the start of a container on the default bridge. */
    private void checkLinksRunning(ContainerNetworking c) {
        for (String link : c.hosts().links()) {
            LegacyLink l = LegacyLink.parse(link);
            Optional<ContainerNetworking> target = state.findContainer(l.name()).flatMap(this::namespaceOwner);
            if (target.isPresent() && target.get().sandbox().isEmpty()) {
                throw new BerthException(ErrorKind.CONFLICT, "Cannot link to a non running container: /"
                        + target.get().name() + " AS /" + c.name() + "/" + l.alias());
            }
        }
    }

    private int hostGateway() {
        return defaultBridge().ipam().orElseThrow().gateway();
    }

    void stop(String id, boolean save) {
        awaitQuietly(id);
        synchronized (state) {
            stopLocked(id, save);
        }
    }

    /** {@link #stop} holding the state's lock, saving the record without the sandbox. */
    private void stopLocked(String id) {
        stopLocked(id, true);
    }

    /** {@link #stop} holding the state's lock; {@code save}: the record without the sandbox, else in memory only. */
    private void stopLocked(String id, boolean save) {
        Optional<ContainerNetworking> c = state.container(id);
        if (c.isEmpty() || c.get().sandbox().isEmpty()) {
            // A start whose second half failed leaves its namespace to this.
            NetNamespace.remove(state.store.netns(id));
            return;
        }
        Sandbox s = c.get().sandbox().get();
        teardown(id, s);
        if (save) {
            state.put(c.get().withSandbox(Optional.empty()));
        } else {
            state.putInMemory(c.get().withSandbox(Optional.empty()));
        }
        for (Endpoint e : s.endpoints()) {
            state.byId(e.networkId()).ifPresent(n -> state.publish("disconnect", n, Optional.of(id)));
        }
    }

    private void teardown(String id, Sandbox s) {
        RuntimeException failure = null;
        for (Runnable step : teardownSteps(id, s)) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw BerthException.wrap("release network of container " + id, failure);
        }
    }

    /**
     * DNS and proxies first, then the endpoints and the namespace. A namespace nothing else has joined goes before the
     * CNI DEL: its last reference gone, the kernel deletes its veths (both ends) in its batched namespace clean-up,
     * off this path, and the DEL, given no namespace, only releases the addresses (the bridge plugin's deletion of
     * the veth inside the namespace took 20-40 ms of each exit's 30 on this host). A namespace another container
     * shares ({@code --network container:}) outlives the file: its interfaces are deleted by the DEL, so that none
     * keeps an address that was released.
     */
    private List<Runnable> teardownSteps(String id, Sandbox s) {
        List<Runnable> steps = new ArrayList<>();
        steps.add(() -> dns.stop(id));
        steps.add(() -> proxy.close(id));
        if (s.ownsNetns()) {
            boolean shared = joinedBy(id, s.netns());
            if (!shared) {
                steps.add(() -> NetNamespace.remove(s.netns()));
            }
            List<Endpoint> reversed = new ArrayList<>(s.endpoints());
            java.util.Collections.reverse(reversed);
            for (Endpoint e : reversed) {
                state.byId(e.networkId()).ifPresent(n -> steps.add(() -> cni.del(
                        CniConfigs.bridge(n, state.store.ipam()), id, s.netns(), e.ifname())));
            }
            if (shared) {
                steps.add(() -> NetNamespace.remove(s.netns()));
            }
        }
        return steps;
    }

    /** Whether a container other than {@code id} runs in namespace {@code netns} ({@code --network container:id}). */
    private boolean joinedBy(String id, Path netns) {
        return state.containers().stream().anyMatch(c -> !c.containerId().equals(id)
                && c.sandbox().map(o -> o.netns().equals(netns)).orElse(false));
    }

    void forget(String id) {
        awaitQuietly(id);
        synchronized (state) {
            stopLocked(id);
            if (state.container(id).isPresent()) {
                state.removeContainer(id);
            }
            networks.discard.tree(state.store.files(id));
        }
    }

    void connect(String container, String network, List<String> aliases, Optional<String> ipv4) {
        awaitQuietlyFor(container);
        synchronized (state) {
            ContainerNetworking c = state.findContainer(container)
                    .orElseThrow(() -> BerthException.notFound("No such container: " + container));
            Network n = state.find(network);
            if (!n.driver().equals(Network.BRIDGE)) {
                throw BerthException.invalid("container cannot be disconnected from host network or"
                        + " connected to host network");
            }
            if (c.mode() instanceof NetworkMode.None) {
                throw BerthException.invalid("container cannot be connected to multiple networks with"
                        + " one of the networks in private (none) mode");
            }
            if (!(c.mode() instanceof NetworkMode.Bridge || c.mode() instanceof NetworkMode.Named)) {
                throw BerthException.invalid("container sharing network namespace with another"
                        + " container or host cannot be connected to any other network");
            }
            if (c.attachment(n.id()).isPresent()) {
                throw new BerthException(ErrorKind.DENIED, "endpoint with name " + c.name()
                        + " already exists in network " + n.name());
            }
            Attachment a = attachment(n, new ContainerRequest.EndpointRequest(aliases, ipv4));
            List<Attachment> attachments = new ArrayList<>(c.attachments());
            attachments.add(a);
            ContainerNetworking updated = c.withAttachments(attachments);
            if (c.sandbox().isPresent()) {
                Sandbox s = c.sandbox().get();
                Set<String> used = new LinkedHashSet<>();
                s.endpoints().forEach(e -> used.add(e.ifname()));
                int i = 0;
                while (used.contains("eth" + i)) {
                    i++;
                }
                Endpoint e = add(c.containerId(), n, a, s.netns(), "eth" + i);
                List<Endpoint> endpoints = new ArrayList<>(s.endpoints());
                endpoints.add(e);
                Sandbox next = s.withEndpoints(endpoints);
                updated = updated.withSandbox(Optional.of(next));
                if (usesEmbeddedDns(next)) {
                    dns.listen(c.containerId(), s.netns());
                }
            }
            state.put(updated);
            state.publish("connect", n, Optional.of(c.containerId()));
        }
    }

    void disconnect(String container, String network, boolean force) {
        awaitQuietlyFor(container);
        synchronized (state) {
            ContainerNetworking c = state.findContainer(container)
                    .orElseThrow(() -> BerthException.notFound("No such container: " + container));
            Network n = state.find(network);
            if (n.driver().equals(Network.HOST) && c.mode() instanceof NetworkMode.Host) {
                throw BerthException.invalid("container cannot be disconnected from host network or"
                        + " connected to host network");
            }
            if (c.attachment(n.id()).isEmpty()) {
                throw new BerthException(ErrorKind.DENIED, "container " + c.containerId()
                        + " is not connected to network " + n.name());
            }
            List<Attachment> attachments = new ArrayList<>(c.attachments());
            attachments.removeIf(a -> a.networkId().equals(n.id()));
            ContainerNetworking updated = c.withAttachments(attachments);
            if (c.sandbox().isPresent()) {
                Sandbox s = c.sandbox().get();
                Optional<Endpoint> e = s.endpoint(n.id());
                if (e.isPresent()) {
                    cni.del(CniConfigs.bridge(n, state.store.ipam()), c.containerId(), s.netns(),
                            e.get().ifname());
                    List<Endpoint> endpoints = new ArrayList<>(s.endpoints());
                    endpoints.remove(e.get());
                    Sandbox next = s.withEndpoints(endpoints);
                    if (!usesEmbeddedDns(next)) {
                        dns.stop(c.containerId());
                    }
                    updated = updated.withSandbox(Optional.of(next));
                }
            }
            state.put(updated);
            state.publish("disconnect", n, Optional.of(c.containerId()));
        }
    }

    /**
     * The addresses of {@code name} for container {@code asker}: containers sharing a user-defined network with it,
     * by name, alias or short id, or as {@code name.network}.
     */
    List<Integer> resolve(String asker, String name) {
        String q = name.toLowerCase(Locale.ROOT);
        synchronized (state) {
            Optional<Sandbox> mine = state.container(asker).flatMap(ContainerNetworking::sandbox);
            if (mine.isEmpty()) {
                return List.of();
            }
            List<Integer> found = new ArrayList<>();
            for (Endpoint own : mine.get().endpoints()) {
                Optional<Network> n = state.byId(own.networkId()).filter(Network::userDefined);
                if (n.isEmpty()) {
                    continue;
                }
                for (ContainerNetworking c : state.containers()) {
                    Optional<Endpoint> e = c.sandbox().flatMap(s -> s.endpoint(own.networkId()));
                    if (e.isPresent() && names(c, e.get()).stream().anyMatch(x -> x.equals(q)
                            || q.equals(x + "." + n.get().name().toLowerCase(Locale.ROOT)))) {
                        found.add(e.get().address());
                    }
                }
            }
            return found;
        }
    }

    /**
     * Where container {@code asker}'s other names go: its {@code --dns} servers that are on its own loopback or on one
     * of its networks, asked from its namespace; without {@code --dns}, the host's loopback resolvers.
     */
    private DnsForwarder forwarder(String asker, DnsForwarder host) {
        synchronized (state) {
            Optional<ContainerNetworking> c = state.container(asker);
            if (c.isEmpty() || c.get().hosts().dns().isEmpty()) {
                return host;
            }
            Optional<Sandbox> s = c.get().sandbox();
            if (s.isEmpty()) {
                return DnsForwarder.NONE;
            }
            List<Subnet> reachable = new ArrayList<>(List.of(Subnet.parse("127.0.0.0/8")));
            s.get().endpoints().forEach(e -> reachable.add(Subnet.containing(e.address(), e.prefix())));
            List<java.net.InetSocketAddress> servers = c.get().hosts().dns().stream().filter(Ipv4::isValid)
                    .filter(d -> reachable.stream().anyMatch(r -> r.contains(Ipv4.parse(d))))
                    .map(d -> new java.net.InetSocketAddress(d, 53)).toList();
            return DnsForwarder.inside(s.get().netns(), servers);
        }
    }

    private static List<String> names(ContainerNetworking c, Endpoint e) {
        List<String> names = new ArrayList<>();
        names.add(c.name().toLowerCase(Locale.ROOT));
        names.add(c.containerId().substring(0, 12));
        e.aliases().forEach(a -> names.add(a.toLowerCase(Locale.ROOT)));
        return names;
    }

    /** After a daemon restart: DNS and proxies back for the sandboxes whose namespace still exists. */
    void restore() {
        synchronized (state) {
            for (ContainerNetworking c : state.containers()) {
                if (c.sandbox().isEmpty()) {
                    continue;
                }
                Sandbox s = c.sandbox().get();
                try {
                    if (s.ownsNetns() && !NetNamespace.isMounted(s.netns())) {
                        teardown(c.containerId(), s);
                        state.put(c.withSandbox(Optional.empty()));
                        continue;
                    }
                    s.endpoints().forEach(e -> state.byId(e.networkId()).ifPresent(networks::ensureIsolated));
                    if (usesEmbeddedDns(s) && s.ownsNetns()) {
                        dns.listen(c.containerId(), s.netns());
                    }
                    for (PortMapping p : s.ports()) {
                        proxy.open(c.containerId(), p, s.endpoints().get(0).address());
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "restore networking of container " + c.containerId(), e);
                }
            }
        }
    }

    int openProxies() {
        return proxy.listeners();
    }

    boolean dnsListening(String id) {
        return dns.listening(id);
    }

    @Override
    public void close() {
        try {
            dns.close();
        } finally {
            try {
                proxy.close();
            } finally {
                spares.close();
            }
        }
    }
}
