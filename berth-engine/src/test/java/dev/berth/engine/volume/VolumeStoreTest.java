package dev.berth.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.event.Event;
import dev.berth.engine.event.EventBus;
import dev.berth.engine.snapshot.MountTable;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeStoreTest {
    private static final String C1 = "c1" + "0".repeat(62);
    private static final String C2 = "c2" + "0".repeat(62);

    @TempDir
    Path root;
    final EventBus events = new EventBus();

    VolumeStore open() {
        return VolumeStore.open(root.resolve("volumes"), events);
    }

    @Test
    void aNamedVolume_isADirectoryUnderTheRoot_andSurvivesReopening() throws IOException {
        VolumeStore store = open();
        Volume v = store.create("data", "", Map.of(), Map.of("team", "a"));
        assertThat(v.mountpoint()).isEqualTo(root.resolve("volumes/data/_data"));
        Files.writeString(v.mountpoint().resolve("f"), "kept");

        Volume again = open().get("data");
        assertThat(again.labels()).containsExactly(Map.entry("team", "a"));
        assertThat(again.driver()).isEqualTo("local");
        assertThat(again.createdAt()).isEqualTo(v.createdAt());
        assertThat(Files.readString(again.mountpoint().resolve("f"))).isEqualTo("kept");
        assertThat(events.recent()).extracting(Event::type, Event::action, Event::actorId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("volume", "create", "data"));
    }

    @Test
    void createOfAnExistingName_returnsTheVolume_butAnotherDriverConflicts() {
        VolumeStore store = open();
        Volume v = store.create("data", "local", Map.of(), Map.of());
        assertThat(store.create("data", "", Map.of(), Map.of("x", "y"))).isEqualTo(v);
        assertThatThrownBy(() -> store.create("data", "other", Map.of(), Map.of()))
                .hasMessage("create data: volume name must be unique");
    }

    @Test
    void anUnnamedVolume_getsA64HexName_andTheAnonymousLabel() {
        Volume v = open().create("", "", Map.of(), Map.of());
        assertThat(v.name()).matches("[0-9a-f]{64}");
        assertThat(v.anonymous()).isTrue();
    }

    @Test
    void badNamesAndOptions_failWithDockersMessages() {
        VolumeStore store = open();
        assertThatThrownBy(() -> store.create("a", "", Map.of(), Map.of()))
                .hasMessage("create a: volume name is too short, names should be at least two alphanumeric characters");
        assertThatThrownBy(() -> store.create("a/b", "", Map.of(), Map.of()))
                .hasMessage("create a/b: \"a/b\" includes invalid characters for a local volume name, only"
                        + " \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory,"
                        + " use absolute path");
        assertThatThrownBy(() -> store.create("vv", "", Map.of("foo", "1"), Map.of()))
                .hasMessage("create vv: invalid option: \"foo\"");
        assertThatThrownBy(() -> store.create("vv", "", Map.of("type", "tmpfs"), Map.of()))
                .hasMessage("create vv: missing required option: \"device\"");
        assertThatThrownBy(() -> store.create("vv", "nfs3", Map.of(), Map.of()))
                .hasMessage("create vv: error looking up volume plugin nfs3: plugin \"nfs3\" not found");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aVolumeInUse_isNotRemoved_untilReleased_evenAfterReopening() {
        VolumeStore store = open();
        store.create("data", "", Map.of(), Map.of());
        store.reference("data", C2);
        store.reference("data", C1);
        VolumeStore reopened = open();
        assertThatThrownBy(() -> reopened.remove("data", true))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessage("remove data: volume is in use - [" + C1 + ", " + C2 + "]");
        reopened.release("data", C1);
        reopened.retainReferences(Set.of(C1));
        reopened.remove("data", false);
        assertThat(reopened.list()).isEmpty();
        assertThat(root.resolve("volumes")).isEmptyDirectory();
        assertThatThrownBy(() -> reopened.remove("data", false)).hasMessage("get data: no such volume");
        reopened.remove("data", true);
    }

    @Test
    void prune_takesUnusedAnonymousVolumes_orAllUnusedOnes() {
        VolumeStore store = open();
        Volume anon = store.create("", "", Map.of(), Map.of());
        Volume used = store.create("", "", Map.of(), Map.of());
        store.reference(used.name(), C1);
        store.create("named", "", Map.of(), Map.of("keep", "yes"));
        store.create("other", "", Map.of(), Map.of());

        assertThat(store.prune(VolumeFilter.forPrune(Map.of(), true)).deleted()).containsExactly(anon.name());
        assertThat(store.prune(VolumeFilter.forPrune(Map.of("all", List.of("true"), "label!", List.of("keep")),
                true)).deleted()).containsExactly("other");
        assertThat(store.list()).extracting(Volume::name).containsExactlyInAnyOrder(used.name(), "named");
    }

    @Test
    void listFilters_selectByDanglingNameDriverAndLabel() {
        VolumeStore store = open();
        store.create("web-data", "", Map.of(), Map.of("app", "web"));
        store.create("db-data", "", Map.of(), Map.of("app", "db"));
        store.reference("db-data", C1);
        assertThat(names(store, Map.of("dangling", List.of("true")))).containsExactly("web-data");
        assertThat(names(store, Map.of("name", List.of("^db")))).containsExactly("db-data");
        assertThat(names(store, Map.of("label", List.of("app=web")))).containsExactly("web-data");
        assertThat(names(store, Map.of("driver", List.of("local")))).hasSize(2);
        assertThatThrownBy(() -> VolumeFilter.forList(Map.of("until", List.of("1h"))))
                .hasMessage("invalid filter 'until'");
        assertThatThrownBy(() -> VolumeFilter.forList(Map.of("dangling", List.of("maybe"))))
                .hasMessage("invalid filter 'dangling=maybe'");
    }

    private static List<String> names(VolumeStore store, Map<String, List<String>> filters) {
        VolumeFilter f = VolumeFilter.forList(filters);
        return store.list().stream().filter(v -> f.test(v, store.references(v.name()).size()))
                .map(Volume::name).toList();
    }

    @Test
    void aTmpfsVolume_isMountedForItsFirstUser_andUnmountedAfterItsLast() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        VolumeStore store = open();
        Volume v = store.create("scratch", "", Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m,mode=0700"),
                Map.of());
        store.mount("scratch", C1);
        store.mount("scratch", C2);
        assertThat(MountTable.isMountPoint(v.mountpoint())).isTrue();
        assertThat(Files.getPosixFilePermissions(v.mountpoint())).hasSize(3);
        store.unmount("scratch", C1);
        assertThat(MountTable.isMountPoint(v.mountpoint())).isTrue();
        store.unmount("scratch", C2);
        assertThat(MountTable.isMountPoint(v.mountpoint())).isFalse();
        store.remove("scratch", false);
        assertThat(MountTable.mountsUnder(root)).isEmpty();
    }

    @Test
    void aBindVolume_showsItsHostDirectory_readOnlyWhenAsked() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        Path host = Files.createDirectories(root.resolve("srv"));
        Files.writeString(host.resolve("f"), "host file");
        VolumeStore store = open();
        Volume v = store.create("srv", "", Map.of("type", "none", "device", host.toString(), "o", "bind,ro"),
                Map.of());
        Path data = store.mount("srv", C1);
        try {
            assertThat(Files.readString(data.resolve("f"))).isEqualTo("host file");
            assertThatThrownBy(() -> Files.writeString(data.resolve("g"), "x"))
                    .hasMessageContaining("Read-only file system");
        } finally {
            store.unmount("srv", C1);
        }
        assertThat(v.mountpoint()).isEmptyDirectory();
    }

    @Test
    void aVolumeWhoseDeviceCannotBeMounted_failsOnUse_withTheReason() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        VolumeStore store = open();
        store.create("broken", "", Map.of("type", "none", "device", "/no/such/dir", "o", "bind"), Map.of());
        assertThatThrownBy(() -> store.mount("broken", C1))
                .hasMessageStartingWith("error while mounting volume '" + root.resolve("volumes/broken/_data")
                        + "': failed to mount local volume: ")
                .hasMessageContaining("No such file or directory");
    }
}
