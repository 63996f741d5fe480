package dev.berth.engine.network;

import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.container.Container;
import dev.berth.engine.container.ContainerHook;
import dev.berth.engine.runtime.ContainerSpec;
import dev.berth.engine.runtime.Mount;
import java.util.ArrayList;
import java.util.List;

/**
 * Containers' networking at their turning points: the create request's networking recorded (and checked: unknown
 * networks, aliases or fixed addresses where docker refuses them), the sandbox built before each run — the spec then
 * joins its namespace and mounts its host files — and released after it, the record dropped with the container.
 */
public final class NetworkHook implements ContainerHook {
    private final Networks networks;

    public NetworkHook(Networks networks) {
        this.networks = networks;
    }

    @Override
    public Container creating(Container c, ObjectNode request) {
        CreateRequestJson.checkModeConflicts(request);
        networks.register(CreateRequestJson.request(c.id(), c.plainName(), c.config(), c.hostConfig(),
                request.path("NetworkingConfig")));
        return c;
    }

    @Override
    public Container creating(Container c) {
        networks.register(CreateRequestJson.request(c.id(), c.plainName(), c.config(), c.hostConfig(),
                MissingNode.getInstance()));
        return c;
    }

    @Override
    public ContainerSpec beforeStart(Container c, ContainerSpec spec) {
        if (networks.container(c.id()).isEmpty()) {
            creating(c);
        }
        networks.rename(c.id(), c.plainName());
        Networks.Started started = networks.start(c.id());
        List<Mount> mounts = new ArrayList<>(spec.mounts());
        mounts.addAll(started.mounts());
        ContainerSpec joined = started.hostname().map(spec::withHostname).orElse(spec);
        return joined.withNetworkNamespace(started.netns()).withMounts(mounts);
    }

    @Override
    public void beforeRun(Container c) {
        networks.awaitStarted(c.id());
    }

    /**
     * The sandbox goes while the runtime deletes its state: nothing is left in the namespace, and the CNI DEL and
     * {@code runc delete} (some 10 ms each) then overlap.
     */
    @Override
    public void afterExit(Container c, boolean removalFollows) {
        if (removalFollows) {
            networks.stopBeforeRemoval(c.id());
        } else {
            networks.stop(c.id());
        }
    }

    @Override
    public void afterStop(Container c) {
        networks.stop(c.id());
    }

    @Override
    public void removing(Container c, boolean removeVolumes) {
        networks.forget(c.id());
    }
}
