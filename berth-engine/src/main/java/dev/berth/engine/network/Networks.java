package dev.berth.engine.network;

import dev.berth.oci.layer.FileTree;
import dev.berth.engine.event.EventBus;
import dev.berth.engine.snapshot.Discard;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * berthd's networks (docker's {@code network} commands) and containers' networking (what container create, start,
 * stop, remove, connect and disconnect do to it), the one entry point of this package.
 *
 * <p>Lifecycle of a container's networking: {@link #register} at container create records what it asked for (network
 * mode, endpoints with aliases and fixed addresses, published ports, host files settings) and checks the networks
 * exist; {@link #start}, before the container's runtime create, builds its {@link Sandbox} — a new network namespace
 * with loopback up and one CNI attachment per network, the embedded DNS listening inside it, the published ports'
 * proxies bound — and returns the namespace to join and the host files to mount as soon as those exist, building
 * the rest while the runtime creates the container, which {@link #awaitStarted} waits for; {@link #stop}, once the
 * container's process is gone, undoes all of it (CNI DEL, namespace removed, ports released); {@link #forget} at
 * container remove drops the record. Everything is on disk, so a restarted daemon serves the running containers' DNS
 * and ports again.
 */
public final class Networks implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param stateDir where networks and sandboxes are kept ({@code DATA_ROOT/network})
     * @param defaultBridge the default bridge network's Linux bridge ({@code berth0})
     * @param bip the default bridge's gateway with prefix ({@code 172.17.0.1/16}); empty: 172.17.0.0/16 unless the
     *     host routes it, else the next free default pool
     * @param defaultBindIp the host address published ports bind when the request names none (dockerd's {@code ip})
     * @param hostFilesDir where each container's hosts, hostname and resolv.conf are written at its start
     *     ({@code hostFilesDir/ID/}): the daemon's runtime state, on a tmpfs
     */
    public record Settings(Path stateDir, String defaultBridge, Optional<String> bip, String defaultBindIp,
            Path cniPluginDir, Path hostFilesDir) {
        /** Host files under the state directory ({@code stateDir/files}). */
        public Settings(Path stateDir, String defaultBridge, Optional<String> bip, String defaultBindIp,
                Path cniPluginDir) {
            this(stateDir, defaultBridge, bip, defaultBindIp, cniPluginDir, stateDir.resolve("files"));
        }

        public static Settings under(Path dataRoot) {
            return new Settings(dataRoot.resolve("network"), "berth0", Optional.empty(), "0.0.0.0",
                    Cni.DEFAULT_PLUGIN_DIR);
        }
    }

    final NetworkState state;
    final Settings settings;
    final Cni cni;
    final Sandboxes sandboxes;
    /** Where a removed container's host files go. */
    final Discard discard;
    private final java.util.Set<String> isolated = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Networks(Settings settings, NetworkState state, Discard discard) {
        this.settings = settings;
        this.state = state;
        this.discard = discard;
        this.cni = new Cni(settings.cniPluginDir());
        this.sandboxes = new Sandboxes(this);
    }

    /** Opens the networks under {@code settings.stateDir()}, creating the predefined ones the first time. */
    public static Networks open(Settings settings, EventBus events) {
        return open(settings, events, Discard.IN_PLACE);
    }

    /** As {@link #open(Settings, EventBus)}; a removed container's host files go to {@code discard}. */
    public static Networks open(Settings settings, EventBus events, Discard discard) {
        Networks networks = new Networks(settings, new NetworkState(new NetworkStore(settings.stateDir(), settings.hostFilesDir()), events),
                discard);
        synchronized (networks.state) {
            networks.ensurePredefined();
        }
        networks.sandboxes.restore();
        return networks;
    }

    private void ensurePredefined() {
        if (state.byName(Network.NONE).isEmpty()) {
            state.put(new Network(newId(), Network.NONE, "null", Instant.now(), false, false, Map.of(), Map.of(),
                    Optional.empty(), Optional.empty()));
        }
        if (state.byName(Network.HOST).isEmpty()) {
            state.put(new Network(newId(), Network.HOST, Network.HOST, Instant.now(), false, false, Map.of(),
                    Map.of(), Optional.empty(), Optional.empty()));
        }
        if (state.byName(Network.BRIDGE).isEmpty()) {
            Ipam ipam = settings.bip().map(Networks::bip).orElseGet(() -> Ipam.of(
                    SubnetPool.next(usedSubnets(), HostNetworking.routes()), Optional.empty(), Optional.empty()));
            Map<String, String> options = Map.of(Network.DEFAULT_BRIDGE_OPTION, "true",
                    "com.docker.network.bridge.enable_icc", "true",
                    "com.docker.network.bridge.enable_ip_masquerade", "false",
                    "com.docker.network.bridge.host_binding_ipv4", settings.defaultBindIp(),
                    "com.docker.network.bridge.name", settings.defaultBridge(),
                    "com.docker.network.driver.mtu", "1500");
            state.put(new Network(newId(), Network.BRIDGE, Network.BRIDGE, Instant.now(), false, false,
                    Map.of(), options, Optional.of(settings.defaultBridge()), Optional.of(ipam)));
        }
    }

    /**
     * Installs {@code n}'s isolation rules before its first container attaches (the CNI bridge plugin creates the
     * bridge then); {@link #close} and network removal take bridge and rules away again.
     */
    void ensureIsolated(Network n) {
        String bridge = n.bridge().orElseThrow();
        if (isolated.add(bridge)) {
            try {
                HostNetworking.isolate(bridge);
            } catch (RuntimeException e) {
                isolated.remove(bridge);
                throw e;
            }
        }
    }

    /** dockerd's {@code bip}: the bridge's address with the subnet's prefix. */
    private static Ipam bip(String bip) {
        int slash = bip.indexOf('/');
        if (slash < 0) {
            throw BerthException.invalid("invalid bip " + bip + ": want ADDRESS/PREFIX, such as 172.17.0.1/16");
        }
        int gateway = Ipv4.parse(bip.substring(0, slash));
        Subnet subnet = Subnet.containing(gateway, Integer.parseInt(bip.substring(slash + 1)));
        return new Ipam(subnet, gateway, Optional.empty());
    }

    private List<Subnet> usedSubnets() {
        return state.networks().stream().flatMap(n -> n.ipam().stream()).map(Ipam::subnet).toList();
    }

    static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** {@code POST /networks/create}. */
    public Network create(NetworkCreate request) {
        Network.checkName(request.name());
        if (!request.driver().equals(Network.BRIDGE)) {
            throw BerthException.notFound("plugin \"" + request.driver() + "\" not found");
        }
        synchronized (state) {
            if (state.byName(request.name()).isPresent()) {
                throw new BerthException(ErrorKind.CONFLICT, "network with name " + request.name()
                        + " already exists");
            }
            if (request.subnet().isEmpty() && (request.gateway().isPresent() || request.ipRange().isPresent())) {
                throw BerthException.invalid("invalid pool request: gateway or ip-range given without a subnet");
            }
            Ipam ipam;
            if (request.subnet().isPresent()) {
                Subnet subnet = Subnet.parse(request.subnet().get());
                if (usedSubnets().stream().anyMatch(subnet::overlaps)) {
                    throw new BerthException(ErrorKind.DENIED,
                            "invalid pool request: Pool overlaps with other one on this address space");
                }
                // a bridge on a subnet the host routes elsewhere (its LAN, another daemon's bridge) would take that
                // traffic away from it
                Optional<Subnet> routed = HostNetworking.routes().stream().filter(subnet::overlaps).findFirst();
                if (routed.isPresent()) {
                    throw new BerthException(ErrorKind.DENIED, "cannot create network " + request.name()
                            + ": subnet " + subnet + " conflicts with the host's route to " + routed.get()
                            + ": networks have overlapping IPv4");
                }
                ipam = Ipam.of(subnet, request.gateway(), request.ipRange());
            } else {
                ipam = Ipam.of(SubnetPool.next(usedSubnets(), HostNetworking.routes()), Optional.empty(),
                        Optional.empty());
            }
            String id = newId();
            String bridge = request.options().getOrDefault("com.docker.network.bridge.name",
                    "br-" + id.substring(0, 12));
            checkBridgeFree(bridge);
            Network network = new Network(id, request.name(), Network.BRIDGE, Instant.now(), request.internal(),
                    request.attachable(), request.labels(), request.options(), Optional.of(bridge),
                    Optional.of(ipam));
            state.put(network);
            state.publish("create", network, Optional.empty());
            return network;
        }
    }

    /**
     * berthd's subnets live only on bridges it creates, and it deletes a network's bridge with it: a name given with
     * {@code com.docker.network.bridge.name} must not be an interface the host has already (dockerd's
     * {@code docker0}, say) nor another network's bridge.
     */
    private void checkBridgeFree(String bridge) {
        Optional<Network> other = state.networks().stream().filter(n -> n.bridge().equals(Optional.of(bridge)))
                .findFirst();
        if (other.isPresent() || HostNetworking.linkExists(bridge)) {
            throw new BerthException(ErrorKind.CONFLICT, "bridge name " + bridge + " is already in use by "
                    + other.map(n -> "network " + n.name()).orElse("an interface on the host")
                    + ": berthd attaches containers only to bridges it creates");
        }
    }

    public List<Network> list() {
        synchronized (state) {
            return state.networks();
        }
    }

    /** By full id, name or unique id prefix; NOT_FOUND "network X not found". */
    public Network find(String idOrName) {
        synchronized (state) {
            return state.find(idOrName);
        }
    }

    /** The running containers on {@code network} with their endpoints there. */
    public List<Map.Entry<ContainerNetworking, Endpoint>> endpoints(Network network) {
        synchronized (state) {
            List<Map.Entry<ContainerNetworking, Endpoint>> list = new ArrayList<>();
            for (ContainerNetworking c : state.containers()) {
                c.sandbox().flatMap(s -> s.endpoint(network.id())).ifPresent(e -> list.add(Map.entry(c, e)));
            }
            return list;
        }
    }

    /** {@code DELETE /networks/{id}}: refused for the predefined networks and networks with running containers. */
    public void remove(String idOrName) {
        synchronized (state) {
            Network network = state.find(idOrName);
            if (network.predefined()) {
                throw new BerthException(ErrorKind.DENIED, network.name()
                        + " is a pre-defined network and cannot be removed");
            }
            List<Map.Entry<ContainerNetworking, Endpoint>> active = endpoints(network);
            if (!active.isEmpty()) {
                ContainerNetworking c = active.get(0).getKey();
                throw new BerthException(ErrorKind.DENIED, "error while removing network: network " + network.name()
                        + " has active endpoints (name:\"" + c.name() + "\" id:\"" + c.containerId().substring(0, 12)
                        + "\")");
            }
            destroy(network);
        }
    }

    private void destroy(Network network) {
        String bridge = network.bridge().orElseThrow();
        HostNetworking.deleteBridge(bridge);
        HostNetworking.unisolate(bridge);
        isolated.remove(bridge);
        try {
            FileTree.delete(state.store.ipam().resolve("berth-" + network.shortId()));
        } catch (java.io.IOException e) {
            throw BerthException.io("remove address leases of network " + network.name(), e);
        }
        state.remove(network);
        state.publish("destroy", network, Optional.empty());
    }

    /** {@code POST /networks/prune}: removes the user-defined networks no running container uses; their names. */
    public List<String> prune(Predicate<Network> filter) {
        synchronized (state) {
            List<String> removed = new ArrayList<>();
            for (Network n : state.networks()) {
                boolean used = state.containers().stream().anyMatch(c -> c.attachment(n.id()).isPresent());
                if (!n.predefined() && filter.test(n) && !used && endpoints(n).isEmpty()) {
                    destroy(n);
                    removed.add(n.name());
                }
            }
            return removed;
        }
    }

    /** Container create: records and checks what {@code request} asks for. */
    public ContainerNetworking register(ContainerRequest request) {
        return sandboxes.register(request);
    }

    /**
     * Before the container's runtime create: the namespace to join and the host files to mount. The rest of its
     * sandbox (see the class doc) is built meanwhile: {@link #awaitStarted} before the container runs.
     */
    public Started start(String containerId) {
        return sandboxes.start(containerId);
    }

    /**
     * After the runtime's create, before the container runs: waits for the rest of {@link #start} — interfaces and
     * addresses, published ports, DNS, the host files' contents — and throws what failed there (that part undone;
     * {@link #stop}, due after any failed start, releases the rest: the namespace).
     */
    public void awaitStarted(String containerId) {
        sandboxes.awaitStarted(containerId);
    }

    /** After the container's process ended: CNI DEL, namespace removed, DNS stopped, ports released. */
    public void stop(String containerId) {
        sandboxes.stop(containerId, true);
    }

    /**
     * {@link #stop} for a container whose removal follows (AutoRemove), without saving its record without the
     * sandbox (an fsync'd write): the removal deletes it. A daemon killed before that finds the sandbox recorded with
     * its namespace gone, and its restore releases it again (the CNI DEL may be repeated; it releases addresses by
     * container).
     */
    public void stopBeforeRemoval(String containerId) {
        sandboxes.stop(containerId, false);
    }

    /** Container remove: {@link #stop} if needed, then the record goes. */
    public void forget(String containerId) {
        sandboxes.forget(containerId);
    }

    /** Container rename: DNS answers the new name. */
    public void rename(String containerId, String name) {
        synchronized (state) {
            state.container(containerId).ifPresent(c -> state.put(c.withName(name)));
        }
    }

    /** {@code POST /networks/{id}/connect}. */
    public void connect(String containerId, String network, List<String> aliases, Optional<String> ipv4) {
        sandboxes.connect(containerId, network, aliases, ipv4);
    }

    /** {@code POST /networks/{id}/disconnect}. */
    public void disconnect(String containerId, String network, boolean force) {
        sandboxes.disconnect(containerId, network, force);
    }

    public Optional<ContainerNetworking> container(String containerId) {
        synchronized (state) {
            return state.container(containerId);
        }
    }

    /**
     * What {@link #start} gives the runtime: the namespace to join and the host files ({@code /etc/hosts} → its file,
     * …) to bind-mount over the image's; the files' contents may come later, written in place. In another
     * container's namespace, that one's hostname, which dockerd gives the joining container too.
     */
    public record Started(Path netns, Map<String, Path> files, Optional<String> hostname) {
        public Started {
            files = Map.copyOf(files);
            Objects.requireNonNull(hostname, "hostname");
        }

        public Started(Path netns, Map<String, Path> files) {
            this(netns, files, Optional.empty());
        }

        /** The host files as bind mounts, covering the runtime's defaults at the same destinations. */
        public List<dev.berth.engine.runtime.Mount> mounts() {
            return files.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> new dev.berth.engine.runtime.Mount(e.getKey(), "bind", e.getValue().toString(),
                            List.of("rbind", "rprivate")))
                    .toList();
        }
    }

    /**
     * Stops serving DNS and published ports; the bridges no running container uses go with their isolation rules (a
     * container's first start brings them back), those in use stay for the next daemon to find.
     */
    @Override
    public void close() {
        try {
            sandboxes.close();
        } finally {
            synchronized (state) {
                for (Network n : state.networks()) {
                    boolean ours = n.bridge().map(b -> isolated.contains(b) || HostNetworking.linkExists(b))
                            .orElse(false);
                    if (ours && endpoints(n).isEmpty()) {
                        HostNetworking.deleteBridge(n.bridge().get());
                        HostNetworking.unisolate(n.bridge().get());
                        isolated.remove(n.bridge().get());
                    }
                }
            }
        }
    }
}
