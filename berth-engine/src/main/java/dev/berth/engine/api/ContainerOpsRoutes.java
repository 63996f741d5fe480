package dev.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.archive.ContainerArchive;
import dev.berth.engine.archive.PathStat;
import dev.berth.engine.container.CgroupSupport;
import dev.berth.engine.container.Containers;
import dev.berth.engine.exec.Execs;
import dev.berth.engine.health.HealthMonitor;
import dev.berth.engine.ops.ContainerOps;
import dev.berth.engine.ops.InitProcess;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.layer.Change;
import dev.berth.oci.reference.Reference;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Container endpoints past the lifecycle: {@code changes}, {@code export}, {@code archive} (HEAD, GET, PUT: docker
 * cp both ways), {@code commit}, {@code top}, {@code stats}, {@code pause}, {@code unpause}, {@code update}.
 */
public final class ContainerOpsRoutes {
    private static final String TAR = "application/x-tar";
    private static final String ID = ContainerRoutes.ID;

    private final ContainerOps ops;
    private final ContainerStats stats;
    private final ExecRoutes execRoutes;

    /**
     * The operations on {@code containers}, with what they add to the lifecycle: exec instances (forgotten with
     * their container), health checks (shown by {@code lifecycle}'s inspect and list answers) and {@code --init};
     * {@code mounts} gives a container's volume and bind mounts, which {@code cp} into it writes through.
     */
    public ContainerOpsRoutes(Containers containers, ContainerRoutes lifecycle,
            Function<String, List<ContainerArchive.Mount>> mounts) {
        this.ops = new ContainerOps(containers, mounts);
        this.stats = new ContainerStats(ops);
        Execs execs = new Execs(containers);
        containers.addHook(execs);
        this.execRoutes = new ExecRoutes(execs);
        HealthMonitor health = new HealthMonitor(containers);
        containers.addHook(health);
        containers.addHook(new InitProcess(InitProcess.TINI));
        lifecycle.decorateInspect((c, n) -> health.health(c.id()).ifPresent(h ->
                ((ObjectNode) n.path("State")).set("Health", HealthJson.of(h))));
        lifecycle.decorateSummary((c, n) -> health.health(c.id()).ifPresent(h -> {
            if (c.state().status() == dev.berth.engine.container.State.Status.RUNNING) {
                n.put("Status", n.path("Status").asText() + HealthJson.suffix(h));
            }
        }));
    }

    public void register(Router router) {
        execRoutes.register(router);
        router.add("GET", ID + "/changes", this::changes)
                .add("GET", ID + "/export", this::export)
                .add("HEAD", ID + "/archive", this::statPath)
                .add("GET", ID + "/archive", this::getArchive)
                .add("PUT", ID + "/archive", this::putArchive)
                .add("POST", "/commit", this::commit)
                .add("GET", ID + "/top", stats::top)
                .add("GET", ID + "/stats", stats::stats)
                .add("POST", ID + "/pause", this::pause)
                .add("POST", ID + "/unpause", this::unpause)
                .add("POST", ID + "/update", this::update);
    }

    private void changes(ApiRequest req, ApiResponse res) {
        ArrayNode out = SystemRoutes.NODES.arrayNode();
        for (Change c : ops.changes(req.param(0))) {
            out.addObject().put("Path", c.path()).put("Kind", c.kind().apiCode());
        }
        res.json(HttpResponseStatus.OK, out);
    }

    private void export(ApiRequest req, ApiResponse res) throws IOException {
        ContainerArchive archive = ops.archive(req.param(0));
        try (OutputStream out = res.stream(HttpResponseStatus.OK, TAR)) {
            archive.export(out);
        }
        ops.containers().publish(ops.containers().get(req.param(0)), "export", java.util.Map.of());
    }

    private static String path(ApiRequest req) {
        return req.query("path").filter(p -> !p.isEmpty())
                .orElseThrow(() -> BerthException.invalid("path cannot be empty"));
    }

    private void statPath(ApiRequest req, ApiResponse res) {
        PathStat stat = ops.archive(req.param(0)).stat(path(req));
        res.headOnly(HttpResponseStatus.OK, "application/json", statHeader(stat));
    }

    private void getArchive(ApiRequest req, ApiResponse res) throws IOException {
        String path = path(req);
        ContainerArchive archive = ops.archive(req.param(0));
        PathStat stat = archive.stat(path);
        try (OutputStream out = res.stream(HttpResponseStatus.OK, TAR, statHeader(stat))) {
            archive.get(path, out);
        }
        ops.containers().publish(ops.containers().get(req.param(0)), "archive-path", java.util.Map.of());
    }

    private void putArchive(ApiRequest req, ApiResponse res) {
        String path = path(req);
        if (ops.readOnlyRootfs(req.param(0))) {
            throw new BerthException(ErrorKind.FAILED_PRECONDITION, "container rootfs is marked read-only");
        }
        ops.archive(req.param(0)).put(path, req.body());
        ops.containers().publish(ops.containers().get(req.param(0)), "extract-to-dir", java.util.Map.of());
        res.empty(HttpResponseStatus.OK);
    }

    private static HttpHeaders statHeader(PathStat stat) {
        return new DefaultHttpHeaders().set(PathStat.HEADER, stat.headerValue());
    }

    private void commit(ApiRequest req, ApiResponse res) {
        String container = req.query("container").filter(c -> !c.isEmpty())
                .orElseThrow(() -> BerthException.invalid("No container specified"));
        Optional<Reference> ref = req.query("repo").filter(r -> !r.isEmpty()).map(repo -> Reference.parse(
                req.query("tag").filter(t -> !t.isEmpty()).map(t -> repo + ":" + t).orElse(repo)));
        boolean pause = req.query("pause").map(p -> !p.equals("0") && !p.equalsIgnoreCase("false")).orElse(true);
        Optional<JsonNode> config = req.json();
        Digest id = ops.commit(container, ref, req.query("comment"), req.query("author"), pause, config,
                req.queryAll("changes"));
        ObjectNode out = SystemRoutes.NODES.objectNode();
        out.put("Id", id.toString());
        res.json(HttpResponseStatus.CREATED, out);
    }

    private void pause(ApiRequest req, ApiResponse res) {
        ops.pause(req.param(0));
        res.empty(HttpResponseStatus.NO_CONTENT);
    }

    private void unpause(ApiRequest req, ApiResponse res) {
        ops.unpause(req.param(0));
        res.empty(HttpResponseStatus.NO_CONTENT);
    }

    private void update(ApiRequest req, ApiResponse res) {
        JsonNode body = req.json().orElse(SystemRoutes.NODES.objectNode());
        ops.update(req.param(0), body);
        ObjectNode out = SystemRoutes.NODES.objectNode();
        CgroupSupport.host().warnings(body).forEach(out.putArray("Warnings")::add);
        res.json(HttpResponseStatus.OK, out);
    }
}
