package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.config.DataRoot;
import dev.berth.engine.container.ContainerSetup;
import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.engine.testing.TestArchives;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code docker run} flags that set namespaces, privileges and limits, through the real docker CLI 28: each works
 * as with dockerd (seen from inside the container: its namespaces, /proc, cgroup files) or fails the create with a
 * clear error, and inspect shows the HostConfig as given; the log driver and its options likewise.
 */
class DockerCliRunOptionsTest {
    static RunningDaemon daemon;
    static DockerCli docker;
    static final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        RootOnly.assume();
        daemon = RunningDaemon.start();
        docker = daemon.docker();
        docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
    }

    @AfterAll
    static void stop() throws IOException {
        if (daemon != null) {
            daemon.removeContainersAndClose(ids);
        }
    }

    private static String out(String... args) {
        DockerCli.Result r = docker.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r.out();
    }

    private static String detached(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "-d"));
        all.addAll(List.of(args));
        String id = out(all.toArray(String[]::new)).strip();
        ids.add(id);
        return id;
    }

    private static String hostNamespace(String type) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/" + type)).toString() + "\n";
    }

    private static DockerCli.Result refused(String... args) {
        DockerCli.Result r = docker.run(args);
        assertThat(r.exitCode()).as(r.out()).isEqualTo(125);
        return r;
    }

    @Test
    void pidHost_isTheHostsPidNamespace_andPidContainer_joinsTheOthers() throws IOException {
        assertThat(out("run", "--rm", "--pid", "host", "busybox", "readlink", "/proc/self/ns/pid"))
                .isEqualTo(hostNamespace("pid"));
        assertThat(out("run", "--rm", "busybox", "readlink", "/proc/self/ns/pid")).isNotEqualTo(hostNamespace("pid"));
        String donor = detached("busybox", "sleep", "300");
        assertThat(out("run", "--rm", "--pid", "container:" + donor, "busybox", "ps", "-o", "pid,args"))
                .contains("    1 sleep 300");
        docker.run("rm", "-f", donor).orFail();
        assertThat(refused("run", "--rm", "--pid", "container:" + donor, "busybox", "true").err())
                .contains("No such container: " + donor);
    }

    /** Its init's exit does not end its other processes: the runtime's delete does, before the layer goes. */
    @Test
    void rm_withPidHost_endsTheContainersOtherProcesses_andRemovesIt() {
        assertThat(out("run", "--rm", "--name", "pidhost", "--pid", "host", "busybox", "sh", "-c",
                "sleep 4711 & echo started")).isEqualTo("started\n");
        assertThat(out("ps", "-a", "-q", "--filter", "name=pidhost")).isEmpty();
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").equals("sleep 4711")))
                .isEmpty();
    }

    @Test
    void ipcModes_host_none_shareable_andContainer() throws IOException {
        assertThat(out("run", "--rm", "--ipc", "host", "busybox", "readlink", "/proc/self/ns/ipc"))
                .isEqualTo(hostNamespace("ipc"));
        assertThat(docker.run("run", "--rm", "--ipc", "none", "busybox", "ls", "/dev/shm").err())
                .contains("No such file or directory");
        String donor = detached("--ipc", "shareable", "--shm-size", "2m", "busybox", "sleep", "300");
        String ns = out("exec", donor, "readlink", "/proc/self/ns/ipc");
        assertThat(out("run", "--rm", "--ipc", "container:" + donor, "busybox", "sh", "-c",
                "echo shared > /dev/shm/note; readlink /proc/self/ns/ipc")).isEqualTo(ns);
        assertThat(out("exec", donor, "cat", "/dev/shm/note")).isEqualTo("shared\n");
        assertThat(out("exec", donor, "df", "-k", "/dev/shm")).contains(" 2048 ");
        String privateIpc = detached("busybox", "sleep", "300");
        assertThat(refused("run", "--rm", "--ipc", "container:" + privateIpc, "busybox", "true").err())
                .contains("non-shareable IPC (hint: use IpcMode:shareable for the donor container)");
        docker.run("rm", "-f", donor, privateIpc).orFail();
    }

    @Test
    void shmSize_sizesDevShm() {
        assertThat(out("run", "--rm", "--shm-size", "1m", "busybox", "df", "-k", "/dev/shm")).contains(" 1024 ");
        assertThat(out("run", "--rm", "busybox", "df", "-k", "/dev/shm")).contains(" 65536 ");
    }

    @Test
    void utsHost_hasTheHostsName_andRefusesAHostname_andDomainname_isSet() throws IOException {
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname"));
        assertThat(out("run", "--rm", "--uts", "host", "busybox", "hostname")).isEqualTo(host);
        assertThat(refused("run", "--rm", "--uts", "host", "--hostname", "other", "busybox", "true").err())
                .contains("conflicting options: hostname and the UTS mode");
        assertThat(out("run", "--rm", "--domainname", "example.org", "busybox", "cat", "/proc/sys/kernel/domainname"))
                .isEqualTo("example.org\n");
        assertThat(out("run", "--rm", "--uts", "host", "--domainname", "example.org", "busybox", "cat",
                "/proc/sys/kernel/domainname")).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/domainname")));
    }

    @Test
    void readOnly_withATmpfs_writesOnlyTheTmpfs() {
        assertThat(docker.run("run", "--rm", "--read-only", "busybox", "touch", "/x").err())
                .contains("Read-only file system");
        assertThat(out("run", "--rm", "--read-only", "--tmpfs", "/run:size=1m", "busybox", "sh", "-c",
                "touch /run/x && df -k /run")).contains(" 1024 ");
    }

    @Test
    void capabilities_privileged_andNoNewPrivileges() {
        assertThat(out("run", "--rm", "--cap-drop", "ALL", "--cap-add", "NET_ADMIN", "busybox", "grep", "CapEff",
                "/proc/self/status")).isEqualTo("CapEff:\t0000000000001000\n");
        assertThat(docker.run("run", "--rm", "--cap-drop", "chown", "busybox", "chown", "1", "/tmp").err())
                .contains("Operation not permitted");
        assertThat(out("run", "--rm", "--privileged", "busybox", "grep", "CapEff", "/proc/self/status"))
                .isNotEqualTo(out("run", "--rm", "busybox", "grep", "CapEff", "/proc/self/status"));
        assertThat(out("run", "--rm", "busybox", "grep", "NoNewPrivs", "/proc/self/status")).endsWith("0\n");
        assertThat(out("run", "--rm", "--security-opt", "no-new-privileges", "busybox", "grep", "NoNewPrivs",
                "/proc/self/status")).endsWith("1\n");
        assertThat(out("run", "--rm", "--security-opt", "seccomp=unconfined", "--security-opt", "label=disable",
                "busybox", "true")).isEmpty();
    }

    @Test
    void seccomp_defaultProfile_blocksUnshare_unconfinedAndPrivilegedRunWithout() throws IOException {
        assertThat(out("run", "--rm", "busybox", "grep", "Seccomp:", "/proc/self/status")).isEqualTo("Seccomp:\t2\n");
        // unshare(CLONE_NEWUSER) needs no capability from the kernel; docker's profile allows it only with SYS_ADMIN.
        assertThat(docker.run("run", "--rm", "busybox", "unshare", "-U", "true").err())
                .contains("Operation not permitted");
        assertThat(out("run", "--rm", "--security-opt", "seccomp=unconfined", "busybox", "unshare", "-U", "true"))
                .isEmpty();
        assertThat(out("run", "--rm", "--security-opt", "seccomp=unconfined", "busybox", "grep", "Seccomp:",
                "/proc/self/status")).isEqualTo("Seccomp:\t0\n");
        assertThat(out("run", "--rm", "--privileged", "busybox", "grep", "Seccomp:", "/proc/self/status"))
                .isEqualTo("Seccomp:\t0\n");
        assertThat(out("run", "--rm", "--cap-add", "SYS_ADMIN", "busybox", "unshare", "-U", "true")).isEmpty();
        Path profile = Files.createTempFile("seccomp", ".json");
        try {
            Files.writeString(profile, """
                    {"defaultAction": "SCMP_ACT_ALLOW",
                     "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}
                    """);
            String opt = "seccomp=" + profile;
            assertThat(docker.run("run", "--rm", "--security-opt", opt, "busybox", "mkdir", "/x").err())
                    .contains("Permission denied");
            assertThat(out("run", "--rm", "--security-opt", opt, "busybox", "unshare", "-U", "true")).isEmpty();
            String id = detached("--security-opt", opt, "busybox", "true");
            JsonNode h = Json.MAPPER.readTree(out("inspect", id)).get(0).path("HostConfig");
            assertThat(h.path("SecurityOpt").get(0).asText()).startsWith("seccomp={\"defaultAction\":");
            docker.run("rm", "-f", id).orFail();
            Files.writeString(profile, """
                    {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
                     "archMap": [{"architecture": "SCMP_ARCH_X86_64"}]}
                    """);
            assertThat(refused("run", "--rm", "--security-opt", opt, "busybox", "true").err())
                    .contains("'architectures' and 'archMap' were specified in the seccomp profile");
        } finally {
            Files.delete(profile);
        }
    }

    @Test
    void sysctls_areSetInTheContainersNamespaces() {
        assertThat(out("run", "--rm", "--sysctl", "net.ipv4.ip_forward=1", "--sysctl", "kernel.shm_rmid_forced=1",
                "busybox", "cat", "/proc/sys/net/ipv4/ip_forward", "/proc/sys/kernel/shm_rmid_forced"))
                .isEqualTo("1\n1\n");
        // dockerd's defaults in a network namespace of the container's own: a non-root user may bind port 80.
        assertThat(out("run", "--rm", "--user", "65534", "busybox", "sh", "-c", "httpd -p 80 && echo bound"))
                .isEqualTo("bound\n");
        assertThat(refused("run", "--rm", "--network", "host", "--sysctl", "net.ipv4.ip_forward=1", "busybox", "true")
                .err()).contains("sysctl \"net.ipv4.ip_forward\" not allowed in host network namespace");
    }

    @Test
    void groupAdd_addsSupplementaryGroups() {
        assertThat(out("run", "--rm", "--group-add", "4242", "--group-add", "nogroup", "busybox", "id", "-G"))
                .isEqualTo("0 4242 65534\n");
        String id = detached("--group-add", "4242", "busybox", "sleep", "300");
        assertThat(out("exec", "-u", "65534", id, "id", "-G")).isEqualTo("65534 4242\n");
        docker.run("rm", "-f", id).orFail();
        assertThat(refused("run", "--rm", "--group-add", "nosuchgroup", "busybox", "true").err())
                .contains("Unable to find group nosuchgroup");
    }

    @Test
    void cpuAndMemorySettings_reachTheCgroup() {
        assertThat(out("run", "--rm", "--cpu-shares", "512", "--cpuset-cpus", "0", "--cpu-quota", "50000",
                "--cpu-period", "100000", "--pids-limit", "7", "busybox", "cat", "/sys/fs/cgroup/cpu/cpu.shares",
                "/sys/fs/cgroup/cpuset/cpuset.cpus", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us",
                "/sys/fs/cgroup/pids/pids.max")).isEqualTo("512\n0\n50000\n7\n");
        assertThat(out("run", "--rm", "--memory-reservation", "10m", "--memory-swappiness", "10",
                "--oom-score-adj", "500", "--memory", "64m", "--oom-kill-disable", "--cpuset-mems", "0", "busybox",
                "sh", "-c", "cat /sys/fs/cgroup/memory/memory.soft_limit_in_bytes"
                        + " /sys/fs/cgroup/memory/memory.swappiness /proc/self/oom_score_adj"
                        + " /sys/fs/cgroup/cpuset/cpuset.mems; grep oom_kill_disable"
                        + " /sys/fs/cgroup/memory/memory.oom_control"))
                .isEqualTo("10485760\n10\n500\n0\noom_kill_disable 1\n");
        assertThat(refused("run", "--rm", "--cpus", "1", "--cpu-quota", "50000", "busybox", "true").err())
                .contains("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
    }

    /** The first whole disk of the host (not a loop or RAM device), for the block I/O throttles. */
    private static String disk() throws IOException {
        try (var names = Files.list(Path.of("/sys/block"))) {
            return names.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("loop") && !n.startsWith("ram"))
                    .filter(n -> Files.exists(Path.of("/dev", n))).sorted().findFirst().orElseThrow();
        }
    }

    /**
     * Block I/O throttles reach the cgroup (the device looked up at start: a missing one fails it, as dockerd's); a
     * weight the kernel has no file for is dropped with dockerd's warning; the real-time CPU period reaches the
     * cgroup and a runtime above it is refused.
     */
    @Test
    void blockIoAndRealtimeCpu_reachTheCgroup_orAreDroppedWithDockerdsWarning() throws IOException {
        String disk = disk();
        String numbers = Files.readString(Path.of("/sys/block", disk, "dev")).strip();
        assertThat(out("run", "--rm", "--device-read-bps", "/dev/" + disk + ":1mb", "--device-write-iops",
                "/dev/" + disk + ":100", "busybox", "cat", "/sys/fs/cgroup/blkio/blkio.throttle.read_bps_device",
                "/sys/fs/cgroup/blkio/blkio.throttle.write_iops_device"))
                .isEqualTo(numbers + " 1048576\n" + numbers + " 100\n");
        String before = out("ps", "-a", "-q");
        DockerCli.Result missing = docker.run("run", "--rm", "--device-read-bps", "/dev/berth-no-such-disk:1mb",
                "busybox", "true");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.err()).contains("stat /dev/berth-no-such-disk: no such file or directory");
        assertThat(out("ps", "-a", "-q")).as("the --rm container whose start failed is gone").isEqualTo(before);
        DockerCli.Result weighted = docker.run("run", "--rm", "--blkio-weight", "300", "busybox", "echo", "ran");
        assertThat(weighted.exitCode()).isZero();
        if (Files.exists(Path.of("/sys/fs/cgroup/blkio/blkio.weight"))) {
            assertThat(weighted.err()).doesNotContain("WARNING");
        } else {
            assertThat(weighted.err()).contains("WARNING: Your kernel does not support Block I/O weight or the cgroup"
                    + " is not mounted. Weight discarded.");
        }
        assertThat(out("run", "--rm", "--cpu-rt-period", "500000", "busybox", "cat",
                "/sys/fs/cgroup/cpu/cpu.rt_period_us")).isEqualTo("500000\n");
        assertThat(refused("run", "--rm", "--cpu-rt-period", "1000", "--cpu-rt-runtime", "2000", "busybox", "true")
                .err()).contains("cpu real-time runtime cannot be higher than cpu real-time period");
    }

    /**
     * --cgroup-parent places the container's cgroup as dockerd's cgroupfs driver does: below an absolute parent
     * from each controller's root; top and stats find it. --annotation reaches the OCI config.
     */
    @Test
    void cgroupParent_placesTheCgroup_andAnnotations_reachTheRuntimesConfig() throws IOException {
        String parent = "/berth-test-parent-" + Long.toHexString(System.nanoTime());
        try {
            String id = detached("--cgroup-parent", parent, "--annotation", "org.example.note=kept", "busybox",
                    "sleep", "300");
            assertThat(Path.of("/sys/fs/cgroup/pids" + parent, id, "cgroup.procs")).exists();
            assertThat(Path.of("/sys/fs/cgroup/memory" + parent, id)).isDirectory();
            assertThat(out("top", id)).contains("sleep 300");
            assertThat(out("stats", "--no-stream", "--format", "{{.PIDs}}", id)).isEqualTo("1\n");
            JsonNode bundle = Json.MAPPER.readTree(runtimeState(id).resolve("bundle/config.json").toFile());
            assertThat(bundle.path("annotations").path("org.example.note").asText()).isEqualTo("kept");
            assertThat(bundle.at("/linux/cgroupsPath").asText()).isEqualTo(parent + "/" + id);
            assertThat(out("inspect", "-f", "{{.HostConfig.CgroupParent}} {{json .HostConfig.Annotations}}", id))
                    .isEqualTo(parent + " {\"org.example.note\":\"kept\"}\n");
            docker.run("rm", "-f", id).orFail();
            assertThat(Path.of("/sys/fs/cgroup/pids" + parent, id)).doesNotExist();
        } finally {
            // The runtime makes the parent in every hierarchy (named and unified ones too) and leaves it, as dockerd's.
            try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
                for (Path hierarchy : hierarchies.toList()) {
                    Files.deleteIfExists(Path.of(hierarchy + parent));
                }
            }
        }
    }

    /** --mac-address sets the MAC of the container's interface on the network, as inspect then shows it. */
    @Test
    void macAddress_isTheInterfacesOnTheBridge() {
        String id = detached("--mac-address", "02:42:AC:11:00:09", "busybox", "sleep", "300");
        assertThat(out("exec", id, "cat", "/sys/class/net/eth0/address")).isEqualTo("02:42:ac:11:00:09\n");
        assertThat(out("inspect", "-f", "{{.NetworkSettings.Networks.bridge.MacAddress}}", id))
                .isEqualTo("02:42:ac:11:00:09\n");
        docker.run("rm", "-f", id).orFail();
    }

    /** docker update changes the cgroup at once and the HostConfig, so the next start keeps the new limits. */
    @Test
    void update_cpuSharesCpusetAndReservation_nowAndAfterARestart() throws IOException {
        String id = detached("--cpu-quota", "50000", "busybox", "sleep", "300");
        out("update", "--cpu-shares", "300", "--cpuset-cpus", "0", "--memory", "64m", "--memory-reservation", "20m",
                id);
        String[] read = {"exec", id, "cat", "/sys/fs/cgroup/cpu/cpu.shares", "/sys/fs/cgroup/cpuset/cpuset.cpus",
                "/sys/fs/cgroup/memory/memory.soft_limit_in_bytes", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us"};
        assertThat(out(read)).isEqualTo("300\n0\n20971520\n50000\n");
        out("restart", "-t", "0", id);
        assertThat(out(read)).isEqualTo("300\n0\n20971520\n50000\n");
        assertThat(docker.run("update", "--cpus", "1", id).err())
                .contains("Conflicting options: Nano CPUs cannot be updated as CPU Quota has already been set");
        DockerCli.Result weight = docker.run("update", "--blkio-weight", "300", id);
        assertThat(weight.exitCode()).isZero();
        if (!Files.exists(Path.of("/sys/fs/cgroup/blkio/blkio.weight"))) {
            // docker update prints the daemon's warnings on its standard output, after the container's name
            assertThat(weight.out()).contains("Your kernel does not support Block I/O weight or the cgroup is not"
                    + " mounted. Weight discarded.");
        }
        out("update", "--cpu-rt-period", "500000", id);
        assertThat(out("exec", id, "cat", "/sys/fs/cgroup/cpu/cpu.rt_period_us")).isEqualTo("500000\n");
        assertThat(docker.run("update", "--cpu-rt-runtime", "600000", id).err())
                .contains("cpu real-time runtime cannot be higher than cpu real-time period");
        assertThat(out("inspect", "-f", "{{.HostConfig.CpuRealtimePeriod}} {{.HostConfig.CpuRealtimeRuntime}}", id))
                .isEqualTo("500000 0\n");
        docker.run("rm", "-f", id).orFail();
    }

    /** /dev/loop0 (block 7:0) stands in for a device: every host of these tests has it. */
    @Test
    void devices_theRequestedOnes_theirCgroupRules_andTheHostsWhenPrivileged() {
        assertThat(out("run", "--rm", "--device", "/dev/loop0:/dev/xda:r", "busybox", "sh", "-c",
                "ls -l /dev/xda; head -c 1 /dev/xda > /dev/null && echo read; echo x > /dev/xda || echo no-write"))
                .matches("(?s)brw-.* 7, +0 .* /dev/xda\nread\nno-write\n");
        String mknodAndRead = "mknod /dev/l b 7 0 && head -c 1 /dev/l > /dev/null && echo read";
        assertThat(docker.run("run", "--rm", "busybox", "sh", "-c", mknodAndRead).err())
                .contains("Operation not permitted");
        assertThat(out("run", "--rm", "--device-cgroup-rule", "b 7:0 r", "busybox", "sh", "-c", mknodAndRead))
                .isEqualTo("read\n");
        assertThat(out("run", "--rm", "--privileged", "busybox", "ls", "/dev/loop0")).isEqualTo("/dev/loop0\n");
        // The docker CLI exits 127 for any error that says "no such file or directory".
        assertThat(docker.run("run", "--rm", "--device", "/dev/no-such-device", "busybox", "true").err())
                .contains("error gathering device information while adding custom device \"/dev/no-such-device\":"
                        + " no such file or directory");
    }

    /**
     * As json-file with one file: the log starts anew once it would pass max-size, and a follower goes on in the new
     * file (it starts before the first line, so it reads across the replacements).
     */
    @Test
    void logOptMaxSize_boundsTheLog_andLogsFollowReadsOnAcrossTheNewFile() {
        String id = detached("--log-opt", "max-size=2k", "--log-opt", "max-file=1", "busybox", "sh", "-c",
                "sleep 1; for i in $(seq 1 150); do echo line $i; sleep 0.005; done");
        assertThat(out("logs", "-f", id)).endsWith("line 150\n");
        String kept = out("logs", id);
        assertThat(kept.length()).isLessThan(2048);
        assertThat(kept).endsWith("line 150\n").doesNotContain("line 1\n");
        docker.run("rm", "-f", id).orFail();
    }

    /** An image of another platform is not found, so the CLI pulls the one asked for (here it may not pull). */
    @Test
    void platform_ofAnotherArchitecture_isNotTheLocalImage() {
        assertThat(out("run", "--rm", "--platform", "linux/amd64", "busybox", "echo", "ran")).isEqualTo("ran\n");
        DockerCli.Result arm = docker.run("create", "--pull", "never", "--platform", "linux/arm64", "busybox");
        assertThat(arm.exitCode()).isNotZero();
        assertThat(arm.err()).contains("image with reference busybox was found but does not match the specified"
                + " platform: wanted linux/arm64/v8, actual: linux/amd64");
    }

    @Test
    void settingsBerthdDoesNotHonour_failTheCreate() {
        assertThat(refused("run", "--rm", "--storage-opt", "size=1G", "busybox", "true").err())
                .contains("--storage-opt is supported only for overlay over xfs with 'pquota' mount option");
        assertThat(refused("run", "--rm", "--gpus", "all", "busybox", "true").err())
                .contains("could not select device driver \"\" with capabilities: [[gpu]]");
        assertThat(refused("run", "--rm", "--log-driver", "syslog", "busybox", "true").err())
                .contains("logging driver \"syslog\" is not supported by berthd");
        assertThat(docker.run("ps", "-a", "-q").out()).isEmpty();
    }

    /** What dockerd checks at create, before anything is made: the CLI's exit code is 125 and no container is left. */
    @Test
    void createChecks_entrypointReset_stopSignal_peers_capabilities_andHealthcheck_asDockerd() {
        assertThat(out("run", "--rm", "--entrypoint", "", "busybox", "echo", "reset")).isEqualTo("reset\n");
        String reset = out("create", "--entrypoint", "", "busybox", "echo", "reset").strip();
        assertThat(out("inspect", "-f", "{{json .Config.Entrypoint}} {{.Path}}", reset)).isEqualTo("null echo\n");
        docker.run("rm", reset).orFail();
        String before = out("ps", "-a", "-q");
        assertThat(refused("run", "--rm", "--stop-signal", "SIGFOO", "busybox", "true").err())
                .contains("Invalid signal: SIGFOO");
        assertThat(refused("run", "--rm", "--ipc", "container:berth-no-such", "busybox", "true").err())
                .contains("No such container: berth-no-such").doesNotContain("Unable to find image");
        assertThat(refused("run", "--rm", "--pid", "container:berth-no-such", "busybox", "true").err())
                .contains("No such container: berth-no-such");
        assertThat(refused("run", "--rm", "--cap-add", "FOO", "busybox", "true").err())
                .contains("invalid CapAdd: unknown capability: \"CAP_FOO\"");
        assertThat(refused("run", "--rm", "--cap-drop", "BAR", "busybox", "true").err())
                .contains("invalid CapDrop: unknown capability: \"CAP_BAR\"");
        assertThat(refused("run", "--rm", "--health-cmd", "true", "--health-interval", "500us", "busybox", "true")
                .err()).contains("Interval in Healthcheck cannot be less than 1ms");
        assertThat(refused("run", "--rm", "--volumes-from", "berth-no-such", "busybox", "true").err())
                .contains("No such container: berth-no-such").doesNotContain("Unable to find image");
        assertThat(out("ps", "-a", "-q")).isEqualTo(before);
    }

    /** dockerd sets no AppArmor profile where the kernel has none; berthd loads none, so refuses it elsewhere. */
    @Test
    void securityOptApparmor_hasNoEffectWithoutAppArmor_andIsRefusedWithIt() {
        if (Files.isDirectory(Path.of("/sys/kernel/security/apparmor"))) {
            assertThat(refused("run", "--rm", "--security-opt", "apparmor=my-profile", "busybox", "true").err())
                    .contains("only apparmor=unconfined is supported");
        } else {
            assertThat(out("run", "--rm", "--security-opt", "apparmor=my-profile", "busybox", "echo", "ran"))
                    .isEqualTo("ran\n");
        }
    }

    /**
     * A container in another's network namespace (or the host's) refuses the options of a network of its own with
     * dockerd's messages (runconfig's ErrConflict*), before anything is made; DNS search domains and options pass.
     */
    @Test
    void networkContainerOrHost_refusesTheOptionsOfANetworkOfItsOwn() throws IOException {
        String peer = detached("busybox", "sleep", "300");
        String shared = "container:" + peer;
        Map<List<String>, String> refusals = new LinkedHashMap<>();
        String mac = "02:42:ac:11:00:02";
        refusals.put(List.of(shared, "--hostname", "other"), "hostname and the network mode");
        refusals.put(List.of(shared, "--dns", "192.0.2.53"), "dns and the network mode");
        refusals.put(List.of(shared, "--add-host", "db:192.0.2.7"), "custom host-to-IP mapping and the network mode");
        refusals.put(List.of(shared, "--mac-address", mac), "mac-address and the network mode");
        refusals.put(List.of("host", "--mac-address", mac), "mac-address and the network mode");
        refusals.put(List.of(shared, "-p", "8080:80"), "port publishing and the container type network mode");
        refusals.put(List.of(shared, "-P", "--expose", "80"), "port publishing and the container type network mode");
        refusals.put(List.of(shared, "--expose", "80"), "port exposing and the container type network mode");
        refusals.put(List.of(shared, "--link", peer + ":db"),
                "container type network can't be used with links. This would result in undefined behavior");
        refusals.put(List.of("host", "--link", peer + ":db"),
                "host type networking can't be used with links. This would result in undefined behavior");
        String before = out("ps", "-a", "-q");
        refusals.forEach((options, message) -> {
            List<String> args = new ArrayList<>(List.of("run", "--rm", "--network"));
            args.addAll(options);
            args.addAll(List.of("busybox", "true"));
            assertThat(refused(args.toArray(String[]::new)).err()).as(String.join(" ", args))
                    .contains("conflicting options: " + message);
        });
        assertThat(out("ps", "-a", "-q")).isEqualTo(before);
        assertThat(refused("run", "--rm", "--network", "container:", "busybox", "true").err())
                .contains("Invalid network mode: invalid container format container:<name|id>");
        assertThat(out("run", "--rm", "--network", shared, "--dns-search", "example.com", "--dns-option", "ndots:2",
                "busybox", "hostname")).as("dockerd names it as the container whose network it joins")
                .isEqualTo(out("exec", peer, "hostname"));
        String inPeersNetwork = detached("--network", shared, "busybox", "sleep", "300");
        assertThat(out("inspect", "-f", "{{.Config.Hostname}}", inPeersNetwork))
                .as("and records it, as inspect shows").isEqualTo(out("exec", peer, "hostname"));
        assertThat(out("run", "--rm", "--network", "host", "--hostname", "other", "--dns", "192.0.2.53",
                "--add-host", "db:192.0.2.7", "busybox", "sh", "-c", "hostname; grep db /etc/hosts"))
                .startsWith("other\n").contains("192.0.2.7");
        DockerCli.Result hostPorts = docker.run("run", "--rm", "--network", "host", "-p", "8080:80", "busybox", "true");
        assertThat(hostPorts.exitCode()).isZero();
        assertThat(hostPorts.err()).contains("WARNING: Published ports are discarded when using host network mode");
        assertThat(out("run", "--rm", "--network", "host", "busybox", "hostname"))
                .isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip() + "\n");
        assertThat(out("run", "--rm", "--network", "none", "--link", peer + ":db", "busybox", "echo", "ran"))
                .isEqualTo("ran\n");
        assertThat(refused("run", "--rm", "--link", "berth-no-such:db", "busybox", "true").err())
                .contains("could not get container for berth-no-such: No such container: berth-no-such");
        String exited = out("create", "busybox", "true").strip();
        assertThat(refused("run", "--rm", "--name", "linker", "--link", exited + ":db", "busybox", "true").err())
                .contains("Cannot link to a non running container: /");
        String onHost = detached("--network", "host", "busybox", "sleep", "300");
        assertThat(refused("run", "--rm", "--link", onHost + ":db", "busybox", "true").err())
                .contains("conflicting options: host type networking can't be used with links.");
        String inPeer = detached("--network", shared, "busybox", "sleep", "300");
        assertThat(out("run", "--rm", "--link", inPeer + ":db", "busybox", "grep", "db", "/etc/hosts"))
                .as("a link to a container in another's namespace is one to that container")
                .contains("\tdb " + peer.substring(0, 12) + " ");
        docker.run("rm", "-f", exited, onHost, inPeer).orFail();
        out("network", "create", "conflicts");
        String none = out("create", "--network", "none", "busybox", "true").strip();
        String joined = out("create", "--network", shared, "busybox", "true").strip();
        DockerCli.Result connectNone = docker.run("network", "connect", "conflicts", none);
        assertThat(connectNone.exitCode()).isEqualTo(1);
        assertThat(connectNone.err()).contains("container cannot be connected to multiple networks with one of the"
                + " networks in private (none) mode");
        assertThat(docker.run("network", "connect", "conflicts", joined).err()).contains("container sharing network"
                + " namespace with another container or host cannot be connected to any other network");
        docker.run("rm", "-f", peer, none, joined).orFail();
        docker.run("network", "rm", "conflicts").orFail();
    }

    @Test
    void inspect_showsTheHostConfigAsGiven() throws IOException {
        String id = detached("--pid", "host", "--ipc", "shareable", "--shm-size", "3m", "--sysctl",
                "net.ipv4.ip_forward=1", "--cpu-shares", "256", "--security-opt", "no-new-privileges", "--group-add",
                "4242", "busybox", "sleep", "300");
        JsonNode h = Json.MAPPER.readTree(out("inspect", id)).get(0).path("HostConfig");
        assertThat(h.path("PidMode").asText()).isEqualTo("host");
        assertThat(h.path("IpcMode").asText()).isEqualTo("shareable");
        assertThat(h.path("ShmSize").asLong()).isEqualTo(3L << 20);
        assertThat(h.path("Sysctls").path("net.ipv4.ip_forward").asText()).isEqualTo("1");
        assertThat(h.path("CpuShares").asLong()).isEqualTo(256);
        assertThat(h.path("SecurityOpt").get(0).asText()).isEqualTo("no-new-privileges");
        assertThat(h.path("GroupAdd").get(0).asText()).isEqualTo("4242");
        JsonNode defaults = Json.MAPPER.readTree(out("inspect", detached("busybox", "true"))).get(0).path("HostConfig");
        assertThat(defaults.path("IpcMode").asText()).isEqualTo("private");
        assertThat(defaults.path("ShmSize").asLong()).isEqualTo(64L << 20);
        assertThat(defaults.path("CgroupnsMode").asText()).isEqualTo("private");
        assertThat(defaults.path("LogConfig").path("Type").asText()).isEqualTo("json-file");
        assertThat(defaults.path("LogConfig").path("Config").isObject()).isTrue();
        docker.run("rm", "-f", id).orFail();
    }

    // --log-driver and --log-opt: json-file's max-size with one file bounds the log as dockerd does, --log-driver
    // none keeps no log while an attached run still shows the output, and what berthd cannot keep (other drivers) or
    // dockerd would not take fails the create with dockerd's words. Several files: at the end.

    private static Path logFile(String id) {
        return daemon.daemon().containers().runtime().log(id).orElseThrow();
    }

    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void logDriverNone_keepsNoLog_butAnAttachedRunShowsTheOutput() throws IOException {
        assertThat(out("run", "--rm", "--log-driver", "none", "busybox", "echo", "attached")).isEqualTo("attached\n");
        String id = detached("--log-driver", "none", "busybox", "echo", "hi");
        assertThat(out("wait", id)).isEqualTo("0\n");
        DockerCli.Result logs = docker.run("logs", id);
        assertThat(logs.exitCode()).isNotZero();
        assertThat(logs.err()).contains("configured logging driver does not support reading");
        assertThat(logFile(id)).doesNotExist();
        JsonNode c = Json.MAPPER.readTree(out("inspect", id)).get(0);
        assertThat(c.at("/HostConfig/LogConfig/Type").asText()).isEqualTo("none");
        assertThat(c.path("LogPath").asText()).isEmpty();
        docker.run("rm", "-f", id).orFail();
    }

    @Test
    void maxSize_withOneFile_startsTheLogOver_keepingTheLatestLines() throws IOException {
        // 1000 bytes hold about 20 k8s-file lines (timestamp, stream, tag): 3000 lines start it over many times.
        String id = detached("--log-opt", "max-size=1k", "--log-opt", "max-file=1", "busybox", "seq", "1", "3000");
        assertThat(out("wait", id)).isEqualTo("0\n");
        assertThat(Files.size(logFile(id))).isLessThanOrEqualTo(1000);
        String logs = out("logs", id);
        // The last start-over can come right before the last line: "3000\n" alone is such a log.
        int first = Integer.parseInt(logs.lines().findFirst().orElseThrow());
        assertThat(first).as("the log started over").isGreaterThan(1500);
        assertThat(logs).isEqualTo(lines(first, 3000));
        assertThat(out("inspect", "--format", "{{json .HostConfig.LogConfig.Config}}", id))
                .isEqualTo("{\"max-file\":\"1\",\"max-size\":\"1k\"}\n");
        docker.run("rm", "-f", id).orFail();
    }

    /** A follower at the end of the log goes on in the file conmon starts over with. */
    @Test
    void logsFollow_goesOnAcrossTheLogsStartOver() throws Exception {
        String id = detached("--log-opt", "max-size=2k", "busybox", "sh", "-c",
                "echo 0; while [ ! -e /tmp/go ]; do sleep 0.1; done; seq 1 2000");
        try (DockerCli.Background follow = docker.background("logs", "-f", id)) {
            // The follower is reading once it has shown the line written before the wait.
            for (int i = 0; i < 300 && !out("logs", id).equals("0\n"); i++) {
                Thread.sleep(100);
            }
            Thread.sleep(500);
            out("exec", id, "touch", "/tmp/go");
            // Files conmon made and replaced between two reads are gone unread, as json-file's truncation with one
            // file loses what a slow follower has not read; what is shown is in order and goes on to the end.
            List<Integer> shown = follow.await(Duration.ofSeconds(60)).lines().map(Integer::parseInt).toList();
            assertThat(shown).startsWith(0, 1).endsWith(1999, 2000).isSorted().doesNotHaveDuplicates();
        }
        assertThat(Files.size(logFile(id))).isLessThanOrEqualTo(2000);
        docker.run("rm", "-f", id).orFail();
    }

    /** The options of a compose file's {@code logging:} a daily user writes, as compose sends them in the create. */
    @Test
    void aComposeLikeCreateBody_withJsonFileMaxSize_isKept() {
        runsAndLogs("composed", "{\"max-size\":\"10m\",\"max-file\":\"1\",\"compress\":\"false\"}");
        runsAndLogs("three", "{\"max-size\":\"10m\",\"max-file\":\"3\",\"compress\":\"true\"}");
    }

    /** Creates a container that echoes {@code text} with json-file's {@code options} as compose sends them. */
    private static void runsAndLogs(String text, String options) {
        String created = docker.shell("curl -sS --unix-socket " + daemon.socket()
                + " -H 'Content-Type: application/json' -d '{\"Image\":\"busybox\",\"Cmd\":[\"echo\",\"" + text
                + "\"],\"HostConfig\":{\"LogConfig\":{\"Type\":\"json-file\",\"Config\":" + options + "}}}'"
                + " http://d/v1.41/containers/create").orFail().out();
        assertThat(created).contains("\"Id\"");
        String id = created.replaceAll("(?s).*\"Id\":\"([0-9a-f]+)\".*", "$1");
        ids.add(id);
        out("start", id);
        assertThat(out("wait", id)).isEqualTo("0\n");
        assertThat(out("logs", id)).isEqualTo(text + "\n");
        docker.run("rm", "-f", id).orFail();
    }

    @Test
    void optionsDockerdRefuses_orBerthdCannotKeep_failTheCreate() {
        assertThat(refused("run", "--rm", "--log-opt", "max-size=abc", "busybox", "true").err())
                .contains("failed to initialize logging driver: invalid size: 'abc'");
        assertThat(refused("run", "--rm", "--log-opt", "max-size=1k", "--log-opt", "max-file=0", "busybox", "true")
                .err()).contains("failed to initialize logging driver: max-file cannot be less than 1");
        assertThat(refused("run", "--rm", "--log-opt", "compress=true", "busybox", "true").err())
                .contains("compress cannot be true when max-file is less than 2 or max-size is not set");
        assertThat(refused("run", "--rm", "--log-opt", "mode=non-blocking", "busybox", "true").err())
                .contains("unknown log opt 'mode' for json-file log driver");
        assertThat(refused("run", "--rm", "--log-driver", "local", "--log-opt", "max-file=1", "busybox", "true")
                .err()).contains("failed to initialize logging driver: compression cannot be enabled when max file"
                        + " count is 1");
        assertThat(refused("run", "--rm", "--log-opt", "tag={{.Name}}", "busybox", "true").err())
                .contains("--log-opt tag (HostConfig.LogConfig.Config) is not supported by berthd");
        assertThat(refused("run", "--rm", "--log-driver", "syslog", "busybox", "true").err())
                .contains("logging driver \"syslog\" is not supported by berthd");
        assertThat(docker.run("ps", "-a", "-q", "--filter", "status=created").out()).isEmpty();
    }

    /** max-file without max-size: json-file never rotates, so max-file counts nothing (dockerd takes it too). */
    @Test
    void maxFile_withoutMaxSize_isTakenAndLogsAll() {
        assertThat(out("run", "--rm", "--log-opt", "max-file=3", "busybox", "echo", "fine")).isEqualTo("fine\n");
        String id = detached("--log-driver", "local", "--log-opt", "max-file=1", "--log-opt", "compress=false",
                "busybox", "echo", "local");
        assertThat(out("wait", id)).isEqualTo("0\n");
        assertThat(out("logs", id)).isEqualTo("local\n");
        docker.run("rm", "-f", id).orFail();
    }

    // max-file above 1: the log kept in that many files of at most max-size, read oldest first.

    private static String numberedLines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i)
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** The log's files (each once, whatever its names) and their sizes. */
    private static Map<Object, Long> logFiles(Path log) throws IOException {
        Map<Object, Long> files = new HashMap<>();
        try (Stream<Path> entries = Files.list(log.getParent())) {
            for (Path p : entries.filter(p -> p.getFileName().toString().matches("container\\.log(\\.\\d+)?"))
                    .toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                files.put(a.fileKey(), a.size());
            }
        }
        return files;
    }

    /**
     * 200 lines with max-size 1k (about 18 k8s-file lines a file) and max-file 3: a follower from the start sees every
     * line once, in order, across some ten rotations; afterwards the log is the latest lines in at most 3 files of at
     * most 1000 bytes, more than one file holds, read oldest first by logs, tail, since and until alike.
     */
    @Test
    void maxFile_keepsThatManyFiles_andLogsReadsThemOldestFirst_alsoWhileFollowing() throws Exception {
        String id = detached("--log-opt", "max-size=1k", "--log-opt", "max-file=3", "busybox", "sh", "-c",
                "echo line 0; while [ ! -e /tmp/go ]; do sleep 0.1; done;"
                        + " for i in $(seq 1 200); do echo line $i; sleep 0.01; done");
        try (DockerCli.Background follow = docker.background("logs", "-f", id)) {
            for (int i = 0; i < 300 && !out("logs", id).equals("line 0\n"); i++) {
                Thread.sleep(100);
            }
            Thread.sleep(500);
            out("exec", id, "touch", "/tmp/go");
            assertThat(follow.await(Duration.ofSeconds(60))).isEqualTo(numberedLines(0, 200));
        }
        assertThat(out("wait", id)).isEqualTo("0\n");

        Map<Object, Long> files = logFiles(logFile(id));
        assertThat(files).hasSizeBetween(2, 3);
        assertThat(files.values()).allMatch(size -> size <= 1000);
        String all = out("logs", id);
        int first = Integer.parseInt(all.lines().findFirst().orElseThrow().substring("line ".length()));
        assertThat(all).isEqualTo(numberedLines(first, 200));
        assertThat(200 - first + 1).as("lines kept").isGreaterThan(20).isLessThan(60);

        assertThat(out("logs", "--tail", "30", id)).isEqualTo(numberedLines(171, 200));
        List<String> stamped = out("logs", "--timestamps", id).lines().toList();
        assertThat(stamped).hasSize(200 - first + 1);
        String middle = stamped.get(10).split(" ", 2)[0];
        assertThat(out("logs", "--since", middle, id)).isEqualTo(numberedLines(first + 10, 200));
        assertThat(out("logs", "--until", middle, id)).isEqualTo(numberedLines(first, first + 10));

        Path dir = logFile(id).getParent();
        out("rm", id);
        assertThat(dir).doesNotExist();
    }

    /** dockerd's local driver keeps 5 files of 20 MiB by default: conmon starts over at that size, berthd keeps 5. */
    @Test
    void localDriver_withoutOptions_keepsFiveFilesOf20MiB() throws Exception {
        String id = detached("--log-driver", "local", "busybox", "sh", "-c", "echo local; sleep 300");
        for (int i = 0; i < 100 && !out("logs", id).equals("local\n"); i++) {
            Thread.sleep(100);
        }
        assertThat(out("logs", id)).isEqualTo("local\n");
        Path dir = logFile(id).getParent();
        String conmonPid = Files.readString(runtimeState(id).resolve("conmon.pid")).strip();
        List<String> argv = List.of(Files.readString(Path.of("/proc", conmonPid, "cmdline")).split("\0"));
        assertThat(String.join(" ", argv)).contains("--log-size-max 20971520");
        assertThat(Files.readString(dir.resolve("log.max-file"))).isEqualTo("5");
        assertThat(out("inspect", "--format", "{{.HostConfig.LogConfig.Type}} {{json .HostConfig.LogConfig.Config}}",
                id)).isEqualTo("local {}\n");
        docker.run("rm", "-f", id).orFail();
        assertThat(dir).doesNotExist();
    }

    /** The directory of container {@code id}'s runtime state (bundle, pid files), apart from its record and log. */
    private Path runtimeState(String id) {
        return ContainerSetup.runtimeConfig(new DataRoot(daemon.dataRoot())).stateDir().resolve(id);
    }
}
