package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.runtime.Namespaces;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The create request's options as berthd reads them: the body the docker CLI 28.2 sends for a plain
 * {@code docker run busybox true} (every HostConfig field at its zero value, captured from the CLI) passes, each
 * setting berthd does not honour is refused naming its flag, and the namespace modes and security options follow
 * dockerd's grammar.
 */
class CreateOptionsTest {
    private static ObjectNode dockerCliBody() throws IOException {
        try (InputStream in = CreateOptionsTest.class.getResourceAsStream("/create-bodies/docker-cli-28.2-run.json")) {
            return Json.object(in.readAllBytes(), "docker CLI create body");
        }
    }

    private static void check(ObjectNode body) {
        UnsupportedSettings.check(body, (ObjectNode) body.get("HostConfig"), body.path("NetworkingConfig"));
        SpecBuilder.validate((ObjectNode) body.get("HostConfig"), body.path("Hostname").asText(""));
    }

    @Test
    void theDockerClisZeroValues_areNoSetting() throws IOException {
        ObjectNode body = dockerCliBody();
        check(body);
        Container c = new Container("a".repeat(64), "/c", Instant.EPOCH, dev.berth.oci.digest.Digest.sha256("x"),
                body, (ObjectNode) body.get("HostConfig"), State.CREATED, 0, false, "overlayfs");
        Namespaces ns = NamespaceModes.of(c, name -> {
            throw new AssertionError("no peer to look up: " + name);
        });
        assertThat(ns.shared()).isEmpty();
        assertThat(ns.shm()).isEqualTo(new Namespaces.Shm.Tmpfs(Namespaces.DEFAULT_SHM_SIZE));
        assertThat(SpecBuilder.security(c.hostConfig())).isEqualTo(
                new dev.berth.engine.runtime.ContainerSpec.Security(false, java.util.List.of(), java.util.List.of(),
                        false));
        assertThat(SpecBuilder.ownPidNamespace(c)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DeviceRequests | [{\"Count\":-1,\"Capabilities\":[[\"gpu\",\"utility\"],[\"compute\"]]}]"
                + " | could not select device driver \"\" with capabilities: [[gpu utility] [compute]]",
        "IOMaximumIOps | 5 | Invalid QoS settings: linux does not support configuration of maximum IOPs",
        "Isolation | \"hyperv\" | Invalid isolation: \"hyperv\" - linux only supports 'default'",
        "StorageOpt | {\"size\":\"1G\"} | --storage-opt is supported only for overlay over xfs with 'pquota' mount"
                + " option",
        "UsernsMode | \"private\" | --userns private (HostConfig.UsernsMode) is not supported by berthd",
        "VolumeDriver | \"nfs\" | --volume-driver nfs (HostConfig.VolumeDriver)",
        "Cgroup | \"container:x\" | HostConfig.Cgroup is not supported by berthd",
        "Mounts | [{\"Type\":\"bind\",\"Source\":\"/a\",\"Target\":\"/b\",\"BindOptions\":{\"NonRecursive\":true}}]"
                + " | --mount bind-recursive=disabled (Mount.BindOptions.NonRecursive) is not supported by berthd",
        "Mounts | [{\"Type\":\"volume\",\"Target\":\"/b\",\"VolumeOptions\":{\"Subpath\":\"x\"}}]"
                + " | --mount volume-subpath (Mount.VolumeOptions.Subpath)",
        "LogConfig | {\"Type\":\"journald\"} | logging driver \"journald\" is not supported by berthd",
        "LogConfig | {\"Type\":\"json-file\",\"Config\":{\"compress\":\"true\"}} | compress cannot be true when",
        "LogConfig | {\"Type\":\"json-file\",\"Config\":{\"max-size\":\"0\"}} | max-size must be a positive number",
        "LogConfig | {\"Type\":\"json-file\",\"Config\":{\"max-size\":\"ten\"}} | invalid size: 'ten'",
        "PidMode | \"private\" | invalid PID mode: private",
        "IpcMode | \"container:\" | invalid IPC mode: container:",
        "UTSMode | \"container:x\" | invalid UTS mode: container:x",
        "CgroupnsMode | \"shared\" | invalid cgroup namespace mode: shared",
        "ShmSize | -1 | SHM size can not be less than 0",
        "SecurityOpt | [\"seccomp=/p.json\"] | Decoding seccomp profile failed",
        "SecurityOpt | [\"no-new-privileges=maybe\"] | invalid --security-opt 2: \"no-new-privileges=maybe\"",
        "SecurityOpt | [\"nonsense\"] | invalid --security-opt 1: \"nonsense\"",
        "DeviceCgroupRules | [\"x 1:2 rwm\"] | invalid device cgroup rule format: 'x 1:2 rwm'",
        "OomScoreAdj | 1001 | Invalid value 1001, range for oom score adj is [-1000, 1000]",
        "MemorySwappiness | 101 | Invalid value: 101, valid memory swappiness range is 0-100",
        "CpuPeriod | 10 | CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)",
        "CpusetCpus | \"65535\" | Requested CPUs are not available - requested 65535, available: ",
        "CpusetCpus | \"1-0\" | Invalid value 1-0 for cpuset cpus",
        "NanoCpus | 4096000000000 | Range of CPUs is from 0.01 to ",
        "CapAdd | [\"CAP_FOO\"] | unknown capability: \"CAP_FOO\"",
        "CapDrop | [\"bar\"] | unknown capability: \"CAP_BAR\"",
        "CpusetMems | \"4095\" | Requested memory nodes are not available - requested 4095, available: ",
        "KernelMemory | 1000 | Minimum kernel memory limit allowed is 6MB",
        "Memory | -1 | Minimum memory limit allowed is 6MB",
        "NanoCpus | -1 | Range of CPUs is from 0.01 to ",
        "MemorySwappiness | -2 | Invalid value: -2, valid memory swappiness range is 0-100",
        "Annotations | {\"\":\"x\"} | invalid Annotations: the empty string is not permitted as an annotation key",
    })
    void aHostConfigSetting_berthdCannotHonour_isRefused(String field, String json, String message)
            throws IOException {
        ObjectNode body = dockerCliBody();
        ((ObjectNode) body.get("HostConfig")).set(field, Json.MAPPER.readTree(json));
        assertThatThrownBy(() -> check(body)).hasMessageContaining(message);
    }

    @Test
    void endpointAndConfigSettings_berthdCannotHonour_areRefused() throws IOException {
        ObjectNode driverOpts = dockerCliBody();
        ((ObjectNode) driverOpts.at("/NetworkingConfig/EndpointsConfig/default")).putObject("DriverOpts")
                .put("com.example.opt", "1");
        assertThatThrownBy(() -> check(driverOpts)).hasMessage("--network driver-opt= (EndpointSettings.DriverOpts)"
                + " is not supported by berthd");
        ObjectNode linkLocal = dockerCliBody();
        ((ObjectNode) linkLocal.at("/NetworkingConfig/EndpointsConfig/default")).putObject("IPAMConfig")
                .putArray("LinkLocalIPs").add("169.254.1.1");
        assertThatThrownBy(() -> check(linkLocal)).hasMessage("--link-local-ip (EndpointIPAMConfig.LinkLocalIPs) is"
                + " not supported by berthd");
        ObjectNode disabled = dockerCliBody();
        disabled.put("NetworkDisabled", true);
        assertThatThrownBy(() -> check(disabled)).hasMessage("Config.NetworkDisabled is not supported by berthd");
    }

    /**
     * dockerd's refusals of {@code --ip6} (20.10: the form at the create, the network at the start), berthd's networks
     * having no IPv6 subnet.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "default | fd00::5 | user specified IP address is supported on user defined networks only",
        "bridge | fd00::5 | user specified IP address is supported on user defined networks only",
        "mynet | fd00::5 | user specified IP address is supported only when connecting to networks with user"
                + " configured subnets",
        "default | 10.0.0.5 | invalid IPv6 address: 10.0.0.5",
        "mynet | ::ffff:10.0.0.5 | invalid IPv6 address: ::ffff:10.0.0.5",
        "default | fd00::zz | invalid IPv6 address: fd00::zz",
    })
    void anIpv6Address_isRefusedAsByDockerd(String network, String address, String message) throws IOException {
        ObjectNode body = dockerCliBody();
        ObjectNode endpoints = (ObjectNode) body.at("/NetworkingConfig/EndpointsConfig");
        endpoints.removeAll();
        endpoints.putObject(network).putObject("IPAMConfig").put("IPv6Address", address);
        assertThatThrownBy(() -> check(body)).hasMessage(message);
    }

    @Test
    void settingsMeaningWhatBerthdDoes_pass() throws IOException {
        ObjectNode body = dockerCliBody();
        ObjectNode h = (ObjectNode) body.get("HostConfig");
        h.put("UsernsMode", "host").put("VolumeDriver", "local").put("IpcMode", "shareable").put("PidMode", "host")
                .put("CgroupnsMode", "host").put("UTSMode", "host").put("Isolation", "default");
        h.putArray("SecurityOpt").add("label=disable").add("apparmor=unconfined").add("seccomp=unconfined")
                .add("no-new-privileges:true");
        h.putObject("LogConfig").put("Type", "json-file").putObject("Config").put("max-size", "10m")
                .put("max-file", "1").put("compress", "false");
        check(body);
        assertThat(SpecBuilder.security(h).noNewPrivileges()).isTrue();
    }

    @Test
    void realtimeCpu_runtimeAbovePeriod_isRefused_andWithoutKernelSupport_atAll() throws IOException {
        ObjectNode body = dockerCliBody();
        ((ObjectNode) body.get("HostConfig")).put("CpuRealtimePeriod", 1000).put("CpuRealtimeRuntime", 2000);
        ObjectNode hostConfig = (ObjectNode) body.get("HostConfig");
        assertThatThrownBy(() -> SpecBuilder.validateResources(hostConfig))
                .hasMessage("cpu real-time runtime cannot be higher than cpu real-time period");
        CgroupSupport none = new CgroupSupport(false, false, false, false, false, false, false, false);
        assertThatThrownBy(() -> none.check(hostConfig))
                .hasMessage("Your kernel does not support CPU real-time scheduler");
        none.check((ObjectNode) dockerCliBody().get("HostConfig"));
    }

    /** As dockerd's verifyPlatformContainerResources: kept where the kernel can, else zeroed with its warning. */
    @Test
    void blockIoAndKernelMemory_theHostCannotSet_areDiscardedWithDockerdsWarnings() throws IOException {
        ObjectNode h = (ObjectNode) dockerCliBody().get("HostConfig");
        h.put("BlkioWeight", 300).put("KernelMemory", 8L << 20);
        h.putArray("BlkioDeviceReadBps").addObject().put("Path", "/dev/vda").put("Rate", 1024);
        h.putArray("BlkioDeviceWriteIOps").addObject().put("Path", "/dev/vda").put("Rate", 10);
        CgroupSupport all = new CgroupSupport(true, true, true, true, true, true, true, true);
        assertThat(all.warnings(h)).containsExactly(
                "Specifying a kernel memory limit is deprecated and will be removed in a future release.");
        CgroupSupport throttlesOnly = new CgroupSupport(false, false, true, true, true, true, false, true);
        ObjectNode discarded = h.deepCopy();
        assertThat(throttlesOnly.discard(discarded)).containsExactly(
                "Specifying a kernel memory limit is deprecated and will be removed in a future release.",
                "Your kernel does not support kernel memory limit capabilities or the cgroup is not mounted."
                        + " Limitation discarded.",
                "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.");
        assertThat(discarded.path("BlkioWeight").asInt()).isZero();
        assertThat(discarded.path("KernelMemory").asLong()).isZero();
        assertThat(discarded.path("BlkioDeviceReadBps")).hasSize(1);
        assertThat(h.path("BlkioWeight").asInt()).as("warnings() leaves the request as it is").isEqualTo(300);
        CgroupSupport none = new CgroupSupport(false, false, false, false, false, false, false, false);
        assertThat(none.warnings(h)).hasSize(5).last().isEqualTo("Your kernel does not support IOPS Block write"
                + " limit or the cgroup is not mounted. Block I/O IOPS write limit discarded.");
        assertThat(none.warnings((ObjectNode) dockerCliBody().get("HostConfig"))).isEmpty();
        ObjectNode oom = (ObjectNode) dockerCliBody().get("HostConfig");
        oom.put("OomKillDisable", true);
        assertThat(all.warnings(oom)).containsExactly("OOM killer is disabled for the container, but no memory limit"
                + " is set, this can result in the system running out of resources.");
        assertThat(all.warnings(oom.put("Memory", 64L << 20))).isEmpty();
        ObjectNode percent = (ObjectNode) dockerCliBody().get("HostConfig");
        assertThat(all.warnings(percent.put("CpuPercent", 50)))
                .containsExactly("linux does not support CPU percent. Percent discarded.");
    }

    @Test
    void blkioWeight_outOfDockersRange_isRefused() throws IOException {
        ObjectNode h = (ObjectNode) dockerCliBody().get("HostConfig");
        h.put("BlkioWeight", 5);
        assertThatThrownBy(() -> SpecBuilder.validateResources(h)).hasMessage("Range of blkio weight is from 10 to"
                + " 1000");
    }

    @Test
    void theNamespacesOfARun_joinARunningPeer_byItsPid() throws IOException {
        ObjectNode body = dockerCliBody();
        ObjectNode h = (ObjectNode) body.get("HostConfig");
        h.put("PidMode", "container:peer").put("IpcMode", "host").put("UTSMode", "host").put("ShmSize", 1 << 20);
        h.putObject("Sysctls").put("kernel.shm_rmid_forced", "1");
        Container c = new Container("a".repeat(64), "/c", Instant.EPOCH, dev.berth.oci.digest.Digest.sha256("x"),
                body, h, State.CREATED, 0, false, "overlayfs");
        Container peer = new Container("b".repeat(64), "/peer", Instant.EPOCH, c.imageId(), body,
                (ObjectNode) dockerCliBody().get("HostConfig"), State.CREATED.started(4242, Instant.EPOCH), 0, false,
                "overlayfs");
        Namespaces ns = NamespaceModes.of(c, name -> peer);
        assertThat(ns.shared()).isEqualTo(Map.of("pid", Optional.of(java.nio.file.Path.of("/proc/4242/ns/pid")),
                "ipc", Optional.empty(), "uts", Optional.empty()));
        assertThat(ns.shm()).isEqualTo(new Namespaces.Shm.Bind(java.nio.file.Path.of("/dev/shm")));
        assertThat(ns.sysctls()).containsEntry("kernel.shm_rmid_forced", "1")
                .containsEntry("net.ipv4.ip_unprivileged_port_start", "0");
        assertThat(ns.ownPid()).isFalse();
        assertThat(SpecBuilder.ownPidNamespace(c)).isFalse();
        Container stopped = peer.withState(State.CREATED);
        assertThatThrownBy(() -> NamespaceModes.of(c, name -> stopped))
                .hasMessage("container " + "b".repeat(64) + " is not running");
    }
}
