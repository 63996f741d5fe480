package dev.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's seccomp profiles turned into the runtime spec's filter, as moby's {@code setupSeccomp}. */
class SeccompFilterTest {
    private static final List<String> DEFAULT_CAPS = Capabilities.of(false, List.of(), List.of());
    private static final List<String> WITH_SYS_ADMIN = Capabilities.of(false, List.of("SYS_ADMIN"), List.of());

    /** The rules of {@code filter} naming {@code syscall}. */
    private static List<JsonNode> rules(ObjectNode filter, String syscall) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode rule : filter.path("syscalls")) {
            for (JsonNode name : rule.path("names")) {
                if (name.asText().equals(syscall)) {
                    found.add(rule);
                }
            }
        }
        return found;
    }

    @Test
    void builtin_deniesByDefaultWithEperm_andAllowsTheCommonSyscalls() {
        ObjectNode filter = SeccompFilter.of(Seccomp.BUILTIN, DEFAULT_CAPS).orElseThrow();
        assertThat(filter.path("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(filter.path("defaultErrnoRet").asInt()).isEqualTo(1);
        assertThat(rules(filter, "read")).singleElement()
                .satisfies(r -> assertThat(r.path("action").asText()).isEqualTo("SCMP_ACT_ALLOW"));
        assertThat(rules(filter, "keyctl")).isEmpty();
        if (System.getProperty("os.arch").equals("amd64")) {
            assertThat(filter.path("architectures").toString())
                    .isEqualTo("[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\",\"SCMP_ARCH_X32\"]");
            assertThat(rules(filter, "arch_prctl")).hasSize(1);
            assertThat(rules(filter, "riscv_flush_icache")).isEmpty();
        }
    }

    @Test
    void builtin_isWhatDockerdGivesRunc_forTheSameProfile() throws IOException {
        JsonNode dockerd;
        JsonNode profile;
        try (InputStream golden = getClass().getResourceAsStream("/seccomp/dockerd-20.10-default-amd64.json");
                InputStream builtin = SeccompFilter.class.getResourceAsStream("seccomp-default.json")) {
            dockerd = Json.MAPPER.readTree(golden);
            profile = Json.MAPPER.readTree(builtin);
        }
        List<String> caps = new ArrayList<>();
        dockerd.path("capabilities").forEach(c -> caps.add(c.asText()));
        assertThat(caps).containsExactlyInAnyOrderElementsOf(DEFAULT_CAPS);
        ObjectNode filter = SeccompFilter.convert(profile, caps, "amd64", "SCMP_ARCH_X86_64",
                SeccompFilter.kernel("6.18.44")).orElseThrow();
        // dockerd 20.10 drops defaultErrnoRet; its value, EPERM, is what runc returns without it.
        assertThat(filter.remove("defaultErrnoRet").asInt()).isEqualTo(1);
        assertThat(filter).isEqualTo(dockerd.path("seccomp"));
    }

    @Test
    void builtin_followsTheCapabilities() {
        ObjectNode plain = SeccompFilter.of(Seccomp.BUILTIN, DEFAULT_CAPS).orElseThrow();
        assertThat(rules(plain, "mount")).isEmpty();
        assertThat(rules(plain, "unshare")).isEmpty();
        assertThat(rules(plain, "chroot")).hasSize(1);
        JsonNode clone = rules(plain, "clone").getFirst();
        assertThat(clone.path("args").get(0).path("op").asText()).isEqualTo("SCMP_CMP_MASKED_EQ");
        assertThat(clone.path("args").get(0).path("value").asLong()).isEqualTo(2114060288L);
        assertThat(rules(plain, "clone3")).singleElement()
                .satisfies(r -> assertThat(r.path("errnoRet").asInt()).isEqualTo(38));

        ObjectNode admin = SeccompFilter.of(Seccomp.BUILTIN, WITH_SYS_ADMIN).orElseThrow();
        assertThat(rules(admin, "mount")).hasSize(1);
        assertThat(rules(admin, "clone")).singleElement()
                .satisfies(r -> assertThat(r.has("args")).isFalse());
        assertThat(rules(admin, "clone3")).singleElement()
                .satisfies(r -> assertThat(r.path("action").asText()).isEqualTo("SCMP_ACT_ALLOW"));
        ObjectNode none = SeccompFilter.of(Seccomp.BUILTIN, List.of()).orElseThrow();
        assertThat(rules(none, "chroot")).isEmpty();
    }

    @Test
    void unconfined_isNoFilter() {
        assertThat(SeccompFilter.of(Seccomp.UNCONFINED, DEFAULT_CAPS)).isEmpty();
        assertThat(SeccompFilter.of(Seccomp.of("{}"), DEFAULT_CAPS)).isEmpty();
    }

    @Test
    void custom_keepsRulesByArchitectureAndKernel_andPassesErrnoAndArgsOn() {
        Seccomp.Custom profile = Seccomp.Custom.parse("""
                {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_AARCH64"],
                 "syscalls": [
                  {"name": "mkdir", "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
                  {"names": ["new"], "action": "SCMP_ACT_ERRNO", "includes": {"minKernel": "5.10"}},
                  {"names": ["old"], "action": "SCMP_ACT_ERRNO", "excludes": {"minKernel": "4.19"}},
                  {"names": ["x86only"], "action": "SCMP_ACT_KILL", "includes": {"arches": ["amd64"]}},
                  {"names": ["socket"], "action": "SCMP_ACT_ERRNO",
                   "args": [{"index": 0, "value": 18446744073709551615, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]}]}
                """);
        ObjectNode on5 = SeccompFilter.convert(profile.profile(), DEFAULT_CAPS, "arm64", "SCMP_ARCH_AARCH64",
                SeccompFilter.kernel("5.10.0-28-arm64")).orElseThrow();
        assertThat(on5.path("architectures").toString()).isEqualTo("[\"SCMP_ARCH_AARCH64\"]");
        assertThat(on5.has("defaultErrnoRet")).isFalse();
        assertThat(rules(on5, "mkdir").getFirst().path("errnoRet").asInt()).isEqualTo(13);
        assertThat(rules(on5, "new")).hasSize(1);
        assertThat(rules(on5, "old")).isEmpty();
        assertThat(rules(on5, "x86only")).isEmpty();
        assertThat(rules(on5, "socket").getFirst().path("args").toString())
                .isEqualTo("[{\"index\":0,\"value\":18446744073709551615,\"op\":\"SCMP_CMP_EQ\"}]");
        ObjectNode on4 = SeccompFilter.convert(profile.profile(), DEFAULT_CAPS, "amd64", "SCMP_ARCH_X86_64",
                SeccompFilter.kernel("4.9")).orElseThrow();
        assertThat(rules(on4, "new")).isEmpty();
        assertThat(rules(on4, "old")).hasSize(1);
        assertThat(rules(on4, "x86only")).hasSize(1);
    }

    @Test
    void custom_refusesWhatDockerdRefuses() {
        assertThatThrownBy(() -> Seccomp.of("/etc/profile.json"))
                .hasMessageStartingWith("Decoding seccomp profile failed: ");
        assertThatThrownBy(() -> Seccomp.of("[]")).hasMessageStartingWith("Decoding seccomp profile failed: ");
        assertThatThrownBy(() -> SeccompFilter.of(Seccomp.of("""
                {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
                 "archMap": [{"architecture": "SCMP_ARCH_X86_64"}]}"""), DEFAULT_CAPS))
                .hasMessageContaining("use either 'architectures' or 'archMap'");
        assertThatThrownBy(() -> SeccompFilter.of(Seccomp.of("""
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"name": "a", "names": ["b"], "action": "SCMP_ACT_ERRNO"}]}"""), DEFAULT_CAPS))
                .hasMessageContaining("use either 'name' or 'names'");
    }
}
