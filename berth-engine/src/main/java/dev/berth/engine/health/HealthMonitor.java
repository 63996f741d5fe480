package dev.berth.engine.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.container.Container;
import dev.berth.engine.container.ContainerHook;
import dev.berth.engine.container.Containers;
import dev.berth.engine.container.State;
import dev.berth.engine.runtime.AttachConnection;
import dev.berth.engine.runtime.ContainerExecs;
import dev.berth.engine.runtime.ContainerSpec;
import dev.berth.engine.runtime.ExecProcess;
import dev.berth.engine.runtime.ExecSpec;
import dev.berth.oci.error.BerthException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Docker's health checks ({@code Config.Healthcheck}, from {@code --health-cmd} & co or the image's HEALTHCHECK):
 * while a container runs, its test command runs in it as an exec every {@code Interval} ({@code StartInterval} during
 * the start period), each run bounded by {@code Timeout}; the outcome is the container's {@link Health}. Probes start
 * with each run of the container and stop when it stops; a paused container is not probed.
 */
public final class HealthMonitor implements ContainerHook, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HealthMonitor.class.getName());
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    /** moby's {@code container.MinimumDuration}. */
    private static final Duration MINIMUM_DURATION = Duration.ofMillis(1);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
    private static final int DEFAULT_RETRIES = 3;
    private static final int MAX_OUTPUT = 4096;

    private final Containers containers;
    private final ContainerExecs execs;
    private final Map<String, Health> health = new ConcurrentHashMap<>();
    private final Map<String, Thread> probes = new ConcurrentHashMap<>();

    public HealthMonitor(Containers containers) {
        this.containers = containers;
        this.execs = new ContainerExecs(containers.runtime().config());
    }

    /** The check of a container config, empty when it has none or {@code NONE}. */
    record Check(List<String> command, Duration interval, Duration timeout, Duration startPeriod,
            Duration startInterval, int retries) {
        static Optional<Check> of(JsonNode config) {
            JsonNode h = config.path("Healthcheck");
            List<String> test = new ArrayList<>();
            h.path("Test").forEach(t -> test.add(t.asText()));
            if (test.isEmpty() || test.getFirst().equals("NONE")) {
                return Optional.empty();
            }
            List<String> command = switch (test.getFirst()) {
                case "CMD-SHELL" -> List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size())));
                case "CMD" -> test.subList(1, test.size());
                default -> List.of("/bin/sh", "-c", String.join(" ", test));
            };
            if (command.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Check(command, nanos(h, "Interval", DEFAULT_INTERVAL),
                    nanos(h, "Timeout", DEFAULT_TIMEOUT), nanos(h, "StartPeriod", Duration.ZERO),
                    nanos(h, "StartInterval", DEFAULT_START_INTERVAL),
                    h.path("Retries").asInt(0) > 0 ? h.path("Retries").asInt() : DEFAULT_RETRIES));
        }

        private static Duration nanos(JsonNode h, String field, Duration fallback) {
            long n = h.path(field).asLong(0);
            return n > 0 ? Duration.ofNanos(n) : fallback;
        }
    }

    /** The health of container {@code id}, when it has a check and ran with it. */
    public Optional<Health> health(String id) {
        return Optional.ofNullable(health.get(id));
    }

    /** The request's check as dockerd's create checks it: durations of at least 1ms when set, retries not negative. */
    @Override
    public Container creating(Container c, ObjectNode request) {
        JsonNode h = request.path("Healthcheck");
        for (String field : List.of("Interval", "Timeout", "StartPeriod", "StartInterval")) {
            long nanos = h.path(field).asLong(0);
            if (nanos != 0 && nanos < MINIMUM_DURATION.toNanos()) {
                throw BerthException.invalid(field + " in Healthcheck cannot be less than 1ms");
            }
        }
        if (h.path("Retries").asInt(0) < 0) {
            throw BerthException.invalid("Retries in Healthcheck cannot be negative");
        }
        return c;
    }

    @Override
    public ContainerSpec beforeStart(Container c, ContainerSpec spec) {
        Check.of(c.config()).ifPresent(check -> {
            health.put(c.id(), Health.starting());
            Thread old = probes.put(c.id(), Thread.ofVirtual().name("health-" + c.shortId())
                    .start(() -> probeLoop(c.id(), check)));
            if (old != null) {
                old.interrupt();
            }
        });
        return spec;
    }

    @Override
    public void afterStop(Container c) {
        Thread t = probes.remove(c.id());
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void removing(Container c, boolean removeVolumes) {
        afterStop(c);
        health.remove(c.id());
    }

    private void probeLoop(String id, Check check) {
        Instant started = Instant.now();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                boolean inStartPeriod = Duration.between(started, Instant.now()).compareTo(check.startPeriod()) < 0;
                Thread.sleep(inStartPeriod ? check.startInterval() : check.interval());
                Optional<Container> c = containers.find(id);
                if (c.isEmpty()) {
                    return;
                }
                if (c.get().state().status() != State.Status.RUNNING) {
                    continue;
                }
                inStartPeriod = Duration.between(started, Instant.now()).compareTo(check.startPeriod()) < 0;
                Health.Probe probe = probe(id, check);
                Health before = health.getOrDefault(id, Health.starting());
                Health after = before.after(probe, check.retries(), inStartPeriod);
                health.put(id, after);
                if (!after.status().equals(before.status())) {
                    containers.publish(c.get(), "health_status: " + after.status(), Map.of());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Health.Probe probe(String id, Check check) throws InterruptedException {
        Instant start = Instant.now();
        ExecProcess p;
        try {
            p = execs.start(id, "health-" + UUID.randomUUID(), ExecSpec.of(check.command()));
        } catch (RuntimeException e) {
            return new Health.Probe(start, Instant.now(), -1, e.getMessage());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // A platform thread: the reader mostly waits in recv, which a virtual thread would hand over wait by wait.
        Thread reader = Thread.ofPlatform().daemon().start(() -> read(p.attach(), out));
        int code;
        String timeoutMessage = null;
        try {
            code = p.onExit().get(check.timeout().toMillis(), TimeUnit.MILLISECONDS).code();
        } catch (TimeoutException e) {
            ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
            code = -1;
            timeoutMessage = "Health check exceeded timeout (" + human(check.timeout()) + ")";
        } catch (ExecutionException e) {
            code = -1;
            timeoutMessage = e.getCause().getMessage();
        }
        reader.join(Duration.ofSeconds(5).toMillis());
        try {
            p.onExit().get(10, TimeUnit.SECONDS);
            p.close();
        } catch (IOException | ExecutionException | TimeoutException e) {
            LOG.log(Level.FINE, "release health check exec of " + id, e);
        }
        String output;
        synchronized (out) {
            output = timeoutMessage != null ? timeoutMessage : out.toString(StandardCharsets.UTF_8);
        }
        return new Health.Probe(start, Instant.now(), code, output);
    }

    private static void read(AttachConnection conn, ByteArrayOutputStream out) {
        try {
            for (var o = conn.read(); o.isPresent(); o = conn.read()) {
                synchronized (out) {
                    int room = MAX_OUTPUT - out.size();
                    if (room > 0) {
                        out.write(o.get().data(), 0, Math.min(room, o.get().data().length));
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "health check output ended", e);
        }
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    @Override
    public void close() {
        probes.values().forEach(Thread::interrupt);
        probes.clear();
    }
}
