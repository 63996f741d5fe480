package dev.berth.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code -v} strings, {@code --mount} checks and tmpfs options, as moby parses them. */
class MountSpecsTest {
    @Test
    void bindSpecs_parseIntoBindsNamedAndAnonymousVolumes() {
        BindSpec bind = BindSpec.parse("/host:/ctr:ro,rshared");
        assertThat(bind.request().type()).isEqualTo("bind");
        assertThat(bind.request().readOnly()).isTrue();
        assertThat(bind.request().bind()).contains(new MountRequest.Bind("rshared", false));
        assertThat(bind.mode()).isEqualTo("ro,rshared");
        BindSpec named = BindSpec.parse("data:/data:nocopy");
        assertThat(named.request().type()).isEqualTo("volume");
        assertThat(named.request().source()).isEqualTo("data");
        assertThat(named.request().volume().orElseThrow().noCopy()).isTrue();
        BindSpec anonymous = BindSpec.parse("/only");
        assertThat(anonymous.request().source()).isEmpty();
        assertThat(anonymous.request().target()).isEqualTo("/only");
    }

    @Test
    void modes_allowOneWordOfEachKind() {
        assertThat(BindSpec.validMode("ro,z,rslave,nocopy,cached")).isTrue();
        assertThat(BindSpec.validMode("ro,rw")).isFalse();
        assertThat(BindSpec.validMode("rx")).isFalse();
        assertThatThrownBy(() -> BindSpec.parse("/a:/b:ro,rw")).hasMessage("invalid mode: ro,rw");
        assertThatThrownBy(() -> BindSpec.parse("a:/b:rshared")).hasMessage("invalid volume specification:"
                + " 'a:/b:rshared': invalid mount config for type \"volume\": field BindOptions must not be specified");
        assertThatThrownBy(() -> BindSpec.parse(":/b")).hasMessage("invalid volume specification: ':/b'");
    }

    @Test
    void mountRequests_areCheckedAsDockerDoes() {
        assertThatThrownBy(() -> request("tmpfs", "/src", "/t").validate(true))
                .hasMessage("invalid mount config for type \"tmpfs\": field Source must not be specified");
        assertThatThrownBy(() -> request("npipe", "", "/t").validate(true))
                .hasMessage("invalid mount config for type \"npipe\": mount type unknown");
        assertThatThrownBy(() -> request("bind", "", "/t").validate(true))
                .hasMessage("invalid mount config for type \"bind\": field Source must not be empty");
        assertThatThrownBy(() -> request("volume", "", "").validate(true))
                .hasMessage("invalid mount config for type \"volume\": field Target must not be empty");
        assertThatThrownBy(() -> new MountRequest("volume", "", "/x", true, Optional.empty(), Optional.empty(),
                Optional.empty()).validate(true)).hasMessage("invalid mount config for type \"volume\": must not set"
                        + " ReadOnly mode when using anonymous volumes");
        assertThatThrownBy(() -> new MountRequest("bind", "/tmp", "/x", false,
                Optional.of(new MountRequest.Bind("bogus", false)), Optional.empty(), Optional.empty()).validate(true))
                .hasMessage("invalid mount config for type \"bind\": invalid propagation mode: bogus");
        assertThatThrownBy(() -> new MountRequest("tmpfs", "", "/x", false, Optional.empty(), Optional.empty(),
                Optional.of(new MountRequest.Tmpfs(0, 0, List.of(List.of("suid"))))).validate(true))
                .hasMessage("invalid mount config for type \"tmpfs\": invalid option: suid");
    }

    private static MountRequest request(String type, String source, String target) {
        return new MountRequest(type, source, target, false, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void tmpfsOptions_mergeDockersDefaultsWithTheUsers() {
        assertThat(TmpfsOptions.merged("")).containsExactly("noexec", "nosuid", "nodev");
        assertThat(TmpfsOptions.merged("exec,size=1m,size=2m,mode=700"))
                .containsExactly("nosuid", "nodev", "exec", "size=2m", "mode=700");
    }

    @Test
    void mountFlags_splitFlagsFromData() {
        MountFlags f = MountFlags.parse("ro,bind,rshared,size=1m,uid=1000");
        assertThat(f.flags()).isEqualTo(MountFlags.MS_RDONLY | MountFlags.MS_BIND);
        assertThat(f.propagation()).isNotZero();
        assertThat(f.data()).isEqualTo("size=1m,uid=1000");
    }
}
