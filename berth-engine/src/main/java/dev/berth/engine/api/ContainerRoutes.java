package dev.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.container.CgroupSupport;
import dev.berth.engine.container.Container;
import dev.berth.engine.container.ContainerQuery;
import dev.berth.engine.container.Containers;
import dev.berth.engine.container.State;
import dev.berth.engine.container.WaitCondition;
import dev.berth.engine.network.CreateRequestJson;
import dev.berth.engine.runtime.ContainerRuntime;
import dev.berth.oci.error.BerthException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/**
 * The container lifecycle endpoints: create, start, stop, restart, kill, wait, remove, list, inspect, rename,
 * resize, prune; attach and logs stream through {@link ContainerStreams}. Other parts of the daemon add to the
 * inspect answer with {@link #decorateInspect} (networks fill {@code NetworkSettings}, volumes {@code Mounts}).
 */
public final class ContainerRoutes {
    static final String ID = "/containers/([^/]+)";
    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(ContainerRoutes.class.getName());

    private final Containers containers;
    private final ContainerStreams streams;
    private final List<BiConsumer<Container, ObjectNode>> summaryDecorators =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<BiConsumer<Container, ObjectNode>> inspectDecorators =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public ContainerRoutes(Containers containers) {
        this.containers = containers;
        this.streams = new ContainerStreams(containers);
    }

    /** Lets {@code decorator} change each container's entry in the list answer ({@code docker ps}). */
    public ContainerRoutes decorateSummary(BiConsumer<Container, ObjectNode> decorator) {
        summaryDecorators.add(decorator);
        return this;
    }

    /** Lets {@code decorator} change the inspect answer of each container (and its list entry's, as fields allow). */
    public ContainerRoutes decorateInspect(BiConsumer<Container, ObjectNode> decorator) {
        inspectDecorators.add(decorator);
        return this;
    }

    public void register(Router router) {
        router.add("POST", "/containers/create", this::create)
                .add("GET", "/containers/json", this::list)
                .add("POST", "/containers/prune", this::prune)
                .add("GET", ID + "/json", this::inspect)
                .add("POST", ID + "/start", this::start)
                .add("POST", ID + "/stop", this::stop)
                .add("POST", ID + "/restart", this::restart)
                .add("POST", ID + "/kill", this::kill)
                .add("POST", ID + "/wait", this::await)
                .add("POST", ID + "/rename", this::rename)
                .add("POST", ID + "/resize", this::resize)
                .add("POST", ID + "/attach", streams::attach)
                .add("GET", ID + "/logs", streams::logs)
                .add("DELETE", ID, this::remove);
    }

    private void create(ApiRequest req, ApiResponse res) {
        JsonNode body = req.json().orElseThrow(() -> BerthException.invalid("config cannot be empty in order to"
                + " create a container"));
        if (!(body instanceof ObjectNode request)) {
            throw BerthException.invalid("invalid JSON body: expected an object");
        }
        Container c = containers.create(req.query("name"), request, req.query("platform"));
        ObjectNode out = SystemRoutes.NODES.objectNode();
        out.put("Id", c.id());
        ArrayNode warnings = out.putArray("Warnings");
        CreateRequestJson.warnings(request).forEach(warnings::add);
        CgroupSupport.host().warnings(request.path("HostConfig")).forEach(warnings::add);
        res.json(HttpResponseStatus.CREATED, out);
    }

    private void list(ApiRequest req, ApiResponse res) {
        int limit = req.query("limit").map(ContainerRoutes::integer).orElse(-1);
        ArrayNode out = SystemRoutes.NODES.arrayNode();
        Instant now = Instant.now();
        boolean size = req.flag("size");
        for (Container c : new ContainerQuery(containers).list(req.flag("all"), limit, req.filters())) {
            out.add(summary(c, now, size));
        }
        res.json(HttpResponseStatus.OK, out);
    }

    /** {@code GET /system/df}'s {@code Containers}: every container's list entry with its sizes, as dockerd's. */
    public ArrayNode diskUsage() {
        ArrayNode out = SystemRoutes.NODES.arrayNode();
        Instant now = Instant.now();
        for (Container c : new ContainerQuery(containers).list(true, -1, Map.of())) {
            out.add(summary(c, now, true));
        }
        return out;
    }

    /**
     * A container's list entry; with {@code size}, {@code SizeRw} (the bytes of its container layer's files) and
     * {@code SizeRootFs} (those plus its image's), which cost a walk of the layer, so only when asked.
     */
    private ObjectNode summary(Container c, Instant now, boolean size) {
        ObjectNode entry = ContainerJson.summary(c, now);
        summaryDecorators.forEach(d -> d.accept(c, entry));
        if (size) {
            long rw = containers.snapshots().find(c.id())
                    .map(l -> dev.berth.engine.container.DiskUsage.of(l.changes())).orElse(0L);
            long image = containers.images().find(c.imageId().toString())
                    .map(dev.berth.engine.image.ImageRecord::size).orElse(0L);
            // Both omitted when zero, as dockerd's omitempty fields.
            if (rw > 0) {
                entry.put("SizeRw", rw);
            }
            if (rw + image > 0) {
                entry.put("SizeRootFs", rw + image);
            }
        }
        return entry;
    }

    private void inspect(ApiRequest req, ApiResponse res) {
        Container c = containers.get(req.param(0));
        res.json(HttpResponseStatus.OK, inspectJson(c));
    }

    ObjectNode inspectJson(Container c) {
        ContainerRuntime runtime = containers.runtime();
        Optional<Path> bundle = runtime.exists(c.id()) ? Optional.of(runtime.bundle(c.id())) : Optional.empty();
        ObjectNode n = ContainerJson.inspect(c, containers.snapshots().find(c.id()), bundle,
                runtime.log(c.id()).filter(l -> c.logKept()));
        inspectDecorators.forEach(d -> d.accept(c, n));
        return n;
    }

    private void start(ApiRequest req, ApiResponse res) {
        if (req.query("checkpoint").filter(s -> !s.isEmpty()).isPresent()) {
            throw new BerthException(dev.berth.oci.error.ErrorKind.NOT_IMPLEMENTED, "checkpoints are not supported");
        }
        boolean started = containers.start(req.param(0));
        res.empty(started ? HttpResponseStatus.NO_CONTENT : HttpResponseStatus.NOT_MODIFIED);
    }

    private void stop(ApiRequest req, ApiResponse res) {
        boolean stopped = containers.stop(req.param(0), req.query("t").map(ContainerRoutes::integer),
                req.query("signal"));
        res.empty(stopped ? HttpResponseStatus.NO_CONTENT : HttpResponseStatus.NOT_MODIFIED);
    }

    private void restart(ApiRequest req, ApiResponse res) {
        containers.restart(req.param(0), req.query("t").map(ContainerRoutes::integer), req.query("signal"));
        res.empty(HttpResponseStatus.NO_CONTENT);
    }

    private void kill(ApiRequest req, ApiResponse res) {
        containers.kill(req.param(0), req.query("signal").orElse("KILL"));
        res.empty(HttpResponseStatus.NO_CONTENT);
    }

    /**
     * Answers the headers at once and the body when the condition is met: the CLI waits before it starts a
     * container, and must know its wait is registered.
     */
    private void await(ApiRequest req, ApiResponse res) throws IOException {
        WaitCondition condition = WaitCondition.parse(req.query("condition").orElse(""));
        CompletableFuture<Integer> exit = containers.await(req.param(0), condition);
        // docker run -d leaves its wait behind when it exits: without this, each detached container held a
        // virtual thread and the response's 128 KiB chunk buffer until it exited (6.7 MiB of heap for 50)
        Runnable stopListening = res.onClose(() -> exit.cancel(false));
        try (OutputStream out = res.stream(HttpResponseStatus.OK, "application/json")) {
            out.flush();
            ObjectNode body = SystemRoutes.NODES.objectNode();
            try {
                body.put("StatusCode", exit.get());
                body.putNull("Error");
            } catch (ExecutionException e) {
                body.put("StatusCode", -1);
                body.putObject("Error").put("Message", e.getCause().getMessage());
            } catch (CancellationException e) {
                return; // the client closed the connection: nothing left to tell it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("wait interrupted", e);
            }
            out.write(dev.berth.oci.spec.Json.bytes(body));
            out.write('\n');
        } catch (IOException e) {
            // The client stopped waiting (docker run ended another way): nothing left to tell it.
            LOG.log(java.util.logging.Level.FINE, "wait: client went away", e);
        } finally {
            exit.cancel(false);
            stopListening.run();
        }
    }

    private void rename(ApiRequest req, ApiResponse res) {
        containers.rename(req.param(0), req.query("name").orElse(""));
        res.empty(HttpResponseStatus.NO_CONTENT);
    }

    private void resize(ApiRequest req, ApiResponse res) {
        Container c = containers.get(req.param(0));
        int h = req.query("h").map(ContainerRoutes::integer).orElse(0);
        int w = req.query("w").map(ContainerRoutes::integer).orElse(0);
        if (c.state().status() != State.Status.RUNNING) {
            throw new BerthException(dev.berth.oci.error.ErrorKind.CONFLICT, "Container " + c.id()
                    + " is not running");
        }
        if (!c.tty()) {
            res.empty(HttpResponseStatus.OK);
            return;
        }
        containers.runtime().resize(c.id(), h, w);
        res.empty(HttpResponseStatus.OK);
    }

    private void remove(ApiRequest req, ApiResponse res) {
        containers.remove(req.param(0), req.flag("force"), req.flag("v"));
        res.empty(HttpResponseStatus.NO_CONTENT);
    }

    /** Removes every stopped container the filters ({@code until}, {@code label}, {@code label!}) select. */
    private void prune(ApiRequest req, ApiResponse res) {
        Map<String, List<String>> filters = req.filters();
        for (String f : filters.keySet()) {
            if (!List.of("until", "label", "label!").contains(f)) {
                throw BerthException.invalid("invalid filter '" + f + "'");
            }
        }
        Optional<Instant> until = filters.getOrDefault("until", List.of()).stream().findFirst()
                .map(ContainerStreams::time);
        ArrayNode deleted = SystemRoutes.NODES.arrayNode();
        long reclaimed = 0;
        for (Container c : containers.list()) {
            State.Status s = c.state().status();
            if (s != State.Status.EXITED && s != State.Status.CREATED && s != State.Status.DEAD) {
                continue;
            }
            if (until.isPresent() && !c.created().isBefore(until.get())) {
                continue;
            }
            if (!labels(c, filters.getOrDefault("label", List.of()), true)
                    || !labels(c, filters.getOrDefault("label!", List.of()), false)) {
                continue;
            }
            long size = containers.snapshots().find(c.id()).map(l -> dev.berth.engine.container.DiskUsage
                    .of(l.changes())).orElse(0L);
            try {
                containers.remove(c.id(), false, false);
                deleted.add(c.id());
                reclaimed += size;
            } catch (BerthException e) {
                // Started meanwhile: not prunable any more, as docker skips it.
                if (e.kind() != dev.berth.oci.error.ErrorKind.CONFLICT) {
                    throw e;
                }
            }
        }
        ObjectNode out = SystemRoutes.NODES.objectNode();
        out.set("ContainersDeleted", deleted.isEmpty() ? SystemRoutes.NODES.nullNode() : deleted);
        out.put("SpaceReclaimed", reclaimed);
        res.json(HttpResponseStatus.OK, out);
    }

    private static boolean labels(Container c, List<String> filters, boolean mustMatch) {
        for (String f : filters) {
            int eq = f.indexOf('=');
            boolean has = eq < 0 ? c.labels().containsKey(f)
                    : f.substring(eq + 1).equals(c.labels().get(f.substring(0, eq)));
            if (has != mustMatch) {
                return false;
            }
        }
        return true;
    }

    static int integer(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw BerthException.invalid("invalid integer value: " + text);
        }
    }
}
