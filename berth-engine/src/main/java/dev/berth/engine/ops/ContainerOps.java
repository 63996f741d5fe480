package dev.berth.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.archive.ContainerArchive;
import dev.berth.engine.container.CgroupSupport;
import dev.berth.engine.container.Container;
import dev.berth.engine.container.Containers;
import dev.berth.engine.container.SpecBuilder;
import dev.berth.engine.container.State;
import dev.berth.engine.container.UnsupportedSettings;
import dev.berth.engine.image.ImageCommitter;
import dev.berth.engine.image.ImageRecord;
import dev.berth.engine.runtime.ContainerCgroup;
import dev.berth.engine.runtime.OciRuntime;
import dev.berth.engine.runtime.ResourceUpdate;
import dev.berth.engine.snapshot.ContainerLayer;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.layer.Change;
import dev.berth.oci.layer.LayerDiff;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.ContainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Container operations past the lifecycle, on the containers of {@link Containers}: {@code docker diff},
 * {@code cp}/{@code export} (through {@link ContainerArchive}), {@code commit}, {@code pause}/{@code unpause},
 * {@code update}, and the cgroup behind {@code top} and {@code stats}.
 */
public final class ContainerOps {
    private final Containers containers;
    private final Function<String, List<ContainerArchive.Mount>> mounts;

    /** The operations on {@code containers}, whose volume and bind mounts (cp into them) {@code mounts} gives. */
    public ContainerOps(Containers containers, Function<String, List<ContainerArchive.Mount>> mounts) {
        this.mounts = mounts;
        this.containers = containers;
    }

    public Containers containers() {
        return containers;
    }

    /** The container layer's changes over its image ({@code GET /containers/{id}/changes}). */
    public List<Change> changes(String nameOrId) {
        ContainerLayer layer = layer(containers.get(nameOrId));
        return LayerDiff.overlay(layer.lowers(), layer.changes()).changes();
    }

    /**
     * The container's root file system for {@code cp} and {@code export}, mounted if it was not; {@code cp} sees a
     * running container's through its process's root, with the mounts the container has.
     */
    public ContainerArchive archive(String nameOrId) {
        Container c = containers.get(nameOrId);
        Path rootfs = layer(c).rootfs();
        Path view = c.state().pid().isPresent() && (c.state().status() == State.Status.RUNNING
                || c.state().status() == State.Status.PAUSED)
                ? Path.of("/proc", Integer.toString(c.state().pid().getAsInt()), "root") : rootfs;
        return new ContainerArchive(rootfs, Files.isDirectory(view) ? view : rootfs, mounts.apply(c.id()), nameOrId);
    }

    /** Whether the container was created with a read-only root file system ({@code cp} into it is refused). */
    public boolean readOnlyRootfs(String nameOrId) {
        return containers.get(nameOrId).hostConfig().path("ReadonlyRootfs").asBoolean(false);
    }

    /** Docker's pause: freezes a running container. */
    public void pause(String nameOrId) {
        Container c = containers.get(nameOrId);
        containers.locked(c.id(), () -> {
            Container now = containers.get(c.id());
            if (now.state().status() == State.Status.PAUSED) {
                throw new BerthException(ErrorKind.CONFLICT, "Container " + c.id() + " is already paused");
            }
            if (now.state().status() != State.Status.RUNNING) {
                throw new BerthException(ErrorKind.CONFLICT, "Container " + c.id() + " is not running");
            }
            runtime(now).pause(c.id());
            containers.store().update(c.id(), x -> x.withState(x.state().withStatus(State.Status.PAUSED)));
            return null;
        });
        containers.publish(containers.get(c.id()), "pause", Map.of());
    }

    /** Docker's unpause. */
    public void unpause(String nameOrId) {
        Container c = containers.get(nameOrId);
        containers.locked(c.id(), () -> {
            Container now = containers.get(c.id());
            if (now.state().status() != State.Status.PAUSED) {
                throw new BerthException(ErrorKind.CONFLICT, "Container " + c.id() + " is not paused");
            }
            runtime(now).resume(c.id());
            containers.store().update(c.id(), x -> x.withState(x.state().withStatus(State.Status.RUNNING)));
            return null;
        });
        containers.publish(containers.get(c.id()), "unpause", Map.of());
    }

    /**
     * {@code POST /containers/{id}/update}: memory, memory reservation, CPUs, CPU shares, cpusets, pids limit,
     * block I/O weight, real-time CPU, kernel memory and restart policy, written into the container's HostConfig
     * (so the next start keeps them) and, when it runs, applied to its cgroup at once. The limits must hold together
     * as at create, those the host cannot set are dropped as there ({@link CgroupSupport}); fields dockerd's update
     * takes that berthd does not honour are refused.
     */
    public void update(String nameOrId, JsonNode request) {
        ObjectNode body = request instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
        CgroupSupport.host().discard(body);
        UnsupportedSettings.checkUpdate(body);
        Container c = containers.get(nameOrId);
        OptionalLong memory = positive(body, "Memory");
        OptionalLong swap = body.has("MemorySwap") && body.path("MemorySwap").asLong(0) != 0
                ? OptionalLong.of(body.path("MemorySwap").asLong()) : OptionalLong.empty();
        OptionalLong reservation = positive(body, "MemoryReservation");
        OptionalLong shares = positive(body, "CpuShares");
        OptionalLong nanoCpus = positive(body, "NanoCpus");
        OptionalLong quota = positive(body, "CpuQuota");
        OptionalLong period = positive(body, "CpuPeriod");
        OptionalLong blkioWeight = positive(body, "BlkioWeight");
        OptionalLong rtPeriod = positive(body, "CpuRealtimePeriod");
        OptionalLong rtRuntime = positive(body, "CpuRealtimeRuntime");
        OptionalLong kernelMemory = positive(body, "KernelMemory");
        Optional<String> cpus = Optional.of(body.path("CpusetCpus").asText("")).filter(v -> !v.isEmpty());
        Optional<String> mems = Optional.of(body.path("CpusetMems").asText("")).filter(v -> !v.isEmpty());
        OptionalLong pids = body.has("PidsLimit") && !body.path("PidsLimit").isNull()
                && body.path("PidsLimit").asLong(0) != 0 ? OptionalLong.of(body.path("PidsLimit").asLong())
                : OptionalLong.empty();
        if (nanoCpus.isPresent() && (quota.isPresent() || period.isPresent())) {
            throw BerthException.invalid("Conflicting options: Nano CPUs cannot be set as CPU Period or Quota is"
                    + " already set");
        }
        containers.locked(c.id(), () -> {
            Container now = containers.get(c.id());
            ObjectNode hc = now.hostConfig();
            checkCpuConflicts(hc, nanoCpus, quota, period);
            memory.ifPresent(m -> hc.put("Memory", m));
            OptionalLong effectiveSwap = swap.isPresent() ? swap
                    : memory.isPresent() ? OptionalLong.of(2 * memory.getAsLong()) : OptionalLong.empty();
            effectiveSwap.ifPresent(s -> hc.put("MemorySwap", s));
            reservation.ifPresent(r -> hc.put("MemoryReservation", r));
            shares.ifPresent(n -> hc.put("CpuShares", n));
            nanoCpus.ifPresent(n -> hc.put("NanoCpus", n));
            quota.ifPresent(q -> hc.put("CpuQuota", q));
            period.ifPresent(p -> hc.put("CpuPeriod", p));
            cpus.ifPresent(v -> hc.put("CpusetCpus", v));
            mems.ifPresent(v -> hc.put("CpusetMems", v));
            pids.ifPresent(p -> hc.put("PidsLimit", p));
            blkioWeight.ifPresent(w -> hc.put("BlkioWeight", w));
            rtPeriod.ifPresent(p -> hc.put("CpuRealtimePeriod", p));
            rtRuntime.ifPresent(r -> hc.put("CpuRealtimeRuntime", r));
            kernelMemory.ifPresent(k -> hc.put("KernelMemory", k));
            SpecBuilder.validateResources(hc);
            CgroupSupport.host().check(hc);
            JsonNode restart = body.path("RestartPolicy");
            if (restart.isObject() && !restart.path("Name").asText("").isEmpty()) {
                if (now.hostConfig().path("AutoRemove").asBoolean(false) && !restart.path("Name").asText().equals("no")) {
                    throw BerthException.invalid("Restart policy cannot be updated because AutoRemove is enabled for"
                            + " the container");
                }
                hc.set("RestartPolicy", restart.deepCopy());
            }
            if (now.state().running()) {
                OptionalLong cpuQuota = nanoCpus.isPresent()
                        ? OptionalLong.of(nanoCpus.getAsLong() * 100_000 / 1_000_000_000L) : quota;
                OptionalLong cpuPeriod = nanoCpus.isPresent() ? OptionalLong.of(100_000) : period;
                runtime(now).update(c.id(), new ResourceUpdate(memory, effectiveSwap, reservation, shares, cpuQuota,
                        cpuPeriod, cpus, mems, pids, blkioWeight, rtPeriod, rtRuntime));
            }
            containers.store().update(c.id(), x -> x.withHostConfig(hc));
            return null;
        });
        containers.publish(containers.get(c.id()), "update", Map.of());
    }

    /** NanoCpus sets quota and period: once one way is set, the other cannot be, as dockerd's update. */
    private static void checkCpuConflicts(ObjectNode current, OptionalLong nanoCpus, OptionalLong quota,
            OptionalLong period) {
        boolean hasNano = current.path("NanoCpus").asLong(0) > 0;
        String conflict = nanoCpus.isPresent() && current.path("CpuPeriod").asLong(0) > 0
                ? "Nano CPUs cannot be updated as CPU Period has already been set"
                : nanoCpus.isPresent() && current.path("CpuQuota").asLong(0) > 0
                ? "Nano CPUs cannot be updated as CPU Quota has already been set"
                : period.isPresent() && hasNano ? "CPU Period cannot be updated as NanoCPUs has already been set"
                : quota.isPresent() && hasNano ? "CPU Quota cannot be updated as NanoCPUs has already been set" : "";
        if (!conflict.isEmpty()) {
            throw BerthException.invalid("Conflicting options: " + conflict);
        }
    }

    /** The cgroup of a running (or paused) container; CONFLICT otherwise, in docker's words. */
    public ContainerCgroup cgroup(String nameOrId) {
        Container c = containers.get(nameOrId);
        if (!c.state().running()) {
            throw new BerthException(ErrorKind.CONFLICT, "Container " + c.id() + " is not running");
        }
        return ContainerCgroup.of(containers.runtime().cgroupsPath(c.id(), SpecBuilder.cgroupParent(c.hostConfig())));
    }

    /**
     * {@code POST /commit}: the container's layer as a new image layer over its image, its config (with
     * {@code config} from the request over it, then the {@code --change} instructions) for the new image's. Pauses a running container meanwhile when
     * {@code pause}.
     */
    public Digest commit(String nameOrId, Optional<Reference> ref, Optional<String> comment, Optional<String> author,
            boolean pause, Optional<JsonNode> config, List<String> changes) {
        Container c = containers.get(nameOrId);
        ImageRecord parent = containers.images().find(c.imageId().toString()).orElseThrow(() ->
                BerthException.notFound("No such image: " + c.imageId()));
        ObjectNode merged = c.config();
        config.filter(JsonNode::isObject).ifPresent(extra -> extra.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                merged.set(e.getKey(), e.getValue());
            }
        }));
        for (String ignored : List.of("Hostname", "Domainname", "AttachStdin", "AttachStdout", "AttachStderr",
                "Tty", "OpenStdin", "StdinOnce", "Image")) {
            merged.remove(ignored);
        }
        CommitChanges.apply(changes, merged);
        String createdBy = String.join(" ", c.cmd().orElse(List.of()));
        boolean paused = false;
        if (pause && c.state().status() == State.Status.RUNNING) {
            runtime(c).pause(c.id());
            paused = true;
        }
        try {
            ContainerLayer layer = layer(c);
            Digest id = new ImageCommitter(containers.images()).commit(new ImageCommitter.Commit(parent,
                    LayerDiff.overlay(layer.lowers(), layer.changes()), ContainerConfig.parse(merged), createdBy,
                    author, comment, ref));
            containers.publish(c, "commit", Map.of("comment", comment.orElse("")));
            ref.ifPresent(r -> containers.images().publish("tag", r.familiarString(), id));
            return id;
        } finally {
            if (paused) {
                runtime(c).resume(c.id());
            }
        }
    }

    private ContainerLayer layer(Container c) {
        containers.snapshots().mount(c.id());
        return containers.snapshots().find(c.id()).orElseThrow(() -> new BerthException(ErrorKind.NOT_FOUND,
                "container " + c.id() + " has no root file system"));
    }

    private OciRuntime runtime(Container c) {
        return containers.runtime().config().runtime(containers.runtime().runtimeName(c.id()));
    }

    private static OptionalLong positive(JsonNode body, String field) {
        long v = body.path(field).asLong(0);
        return v > 0 ? OptionalLong.of(v) : OptionalLong.empty();
    }
}
