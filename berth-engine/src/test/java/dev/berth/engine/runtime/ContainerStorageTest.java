package dev.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.event.Event;
import dev.berth.engine.event.EventBus;
import dev.berth.engine.volume.ContainerVolumes;
import dev.berth.engine.volume.MountPoint;
import dev.berth.engine.volume.MountRequest;
import dev.berth.engine.volume.Volume;
import dev.berth.engine.volume.VolumeStore;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Volumes, bind mounts and tmpfs mounts in real busybox containers (runc under conmon). */
class ContainerStorageTest {
    @TempDir
    Path root;
    RuntimeFixture f;
    final EventBus events = new EventBus();
    ContainerVolumes volumes;
    private final List<Runnable> releases = new ArrayList<>();

    @BeforeEach
    void setUp() {
        f = new RuntimeFixture(root);
        volumes = new ContainerVolumes(VolumeStore.open(root.resolve("volumes"), events));
    }

    @AfterEach
    void tearDown() throws IOException {
        releases.forEach(Runnable::run);
        f.close();
    }

    /** Runs {@code sh -c script} (stderr to stdout) in busybox with the storage of {@code request}; returns its exit code and output. */
    private record Run(int code, String out, List<MountPoint> mounts) {}

    private Run run(ContainerVolumes.Request request, List<String> imageVolumes, String script) {
        return run(request, imageVolumes, script, s -> { });
    }

    private Run run(ContainerVolumes.Request request, List<String> imageVolumes, String script,
            java.util.function.Consumer<ContainerSpec> beforeStart) {
        ContainerSpec spec = f.spec("busybox").withCmd(List.of("sh", "-c", "exec 2>&1; " + script));
        List<MountPoint> mounts = volumes.create(spec.id(), request, imageVolumes, this::mountsOf);
        started.put(spec.id(), mounts);
        beforeStart.accept(spec);
        List<Mount> runtimeMounts = volumes.prepare(spec.id(), mounts, request.tmpfs(), spec.rootfs());
        try {
            ExitStatus exit = f.run(spec.withMounts(runtimeMounts));
            return new Run(exit.code(), f.stdout(spec.id()), mounts);
        } finally {
            volumes.cleanup(spec.id(), mounts);
            releases.add(() -> volumes.release(spec.id(), mounts, true));
        }
    }

    private final Map<String, List<MountPoint>> started = new java.util.HashMap<>();

    private List<MountPoint> mountsOf(String id) {
        return Optional.ofNullable(started.get(id)).orElseThrow(() -> dev.berth.oci.error.BerthException
                .notFound("No such container: " + id));
    }

    private static ContainerVolumes.Request binds(String... binds) {
        return new ContainerVolumes.Request(List.of(binds), List.of(), Map.of(), List.of());
    }

    @Test
    void aNamedVolume_keepsWhatOneContainerWrote_forTheNext_andAcrossAStoreReopen() {
        Run writer = run(binds("data:/data"), List.of(), "echo hello > /data/greeting");
        assertThat(writer.code()).isZero();
        assertThat(writer.mounts()).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo(MountPoint.Type.VOLUME);
            assertThat(m.name()).isEqualTo("data");
            assertThat(m.mode()).isEqualTo("z");
            assertThat(m.rw()).isTrue();
            assertThat(m.source()).isEqualTo(root.resolve("volumes/data/_data").toString());
        });
        volumes = new ContainerVolumes(VolumeStore.open(root.resolve("volumes"), events));
        Run reader = run(binds("data:/data:ro"), List.of(), "cat /data/greeting; echo x 2>&1 > /data/other");
        assertThat(reader.out()).startsWith("hello\n").contains("Read-only file system");
        assertThat(reader.code()).isNotZero();
        assertThat(events.recent()).extracting(Event::action).contains("create", "mount", "unmount");
    }

    @Test
    void aReadOnlyBindMount_refusesWrites_aWritableOneTakesThem() throws IOException {
        Path host = Files.createDirectories(root.resolve("host"));
        Files.writeString(host.resolve("in"), "from host\n");
        Run ro = run(binds(host + ":/mnt:ro"), List.of(), "cat /mnt/in; touch /mnt/new 2>&1");
        assertThat(ro.code()).isOne();
        assertThat(ro.out()).startsWith("from host\n").contains("Read-only file system");
        assertThat(host.resolve("new")).doesNotExist();
        assertThat(ro.mounts().getFirst()).isEqualTo(new MountPoint(MountPoint.Type.BIND, "", host.toString(),
                "/mnt", "", "ro", false, "rprivate", false, false, ""));

        Run rw = run(binds(host + ":/mnt"), List.of(), "echo out > /mnt/new");
        assertThat(rw.code()).isZero();
        assertThat(Files.readString(host.resolve("new"))).isEqualTo("out\n");
    }

    @Test
    void aMissingBindSource_isMadeFor_dashV_butRefusedFor_dashDashMount() {
        Path missing = root.resolve("made/by/v");
        assertThat(run(binds(missing + ":/m"), List.of(), "true").code()).isZero();
        assertThat(missing).isDirectory();

        Path other = root.resolve("absent");
        MountRequest mount = new MountRequest("bind", other.toString(), "/m", false, Optional.empty(),
                Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> volumes.create("c" + "0".repeat(63),
                new ContainerVolumes.Request(List.of(), List.of(mount), Map.of(), List.of()), List.of(), id -> List.of()))
                .hasMessage("invalid mount config for type \"bind\": bind source path does not exist: " + other);
        assertThat(other).doesNotExist();
    }

    @Test
    void anImageVolume_getsTheImagesFiles_withOwnerAndMode() throws IOException {
        Run run = run(ContainerVolumes.Request.NONE, List.of("/srv/app"), "ls -ln /srv/app; cat /srv/app/conf",
                spec -> writeImageDir(spec.rootfs().resolve("srv/app")));
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("conf").contains("1000").endsWith("setting=1\n");
        MountPoint m = run.mounts().getFirst();
        assertThat(m.name()).matches("[0-9a-f]{64}");
        assertThat(m.named()).isFalse();
        Path data = Path.of(m.source());
        assertThat(Files.readString(data.resolve("conf"))).isEqualTo("setting=1\n");
        assertThat(Files.getAttribute(data, "unix:uid")).isEqualTo(1000);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwxr-x---");
        assertThat(Files.getAttribute(data.resolve("conf"), "unix:mode")).isEqualTo(0100640);
    }

    private static void writeImageDir(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("conf"), "setting=1\n");
            Syscalls.chmod(dir.resolve("conf"), 0640);
            Syscalls.lchown(dir.resolve("conf"), 1000, 1000);
            Syscalls.chmod(dir, 0750);
            Syscalls.lchown(dir, 1000, 1000);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aNocopyVolume_orOneWithData_isNotFilledFromTheImage() {
        Run run = run(binds("empty:/etc:nocopy"), List.of(), "ls /etc | wc -l");
        assertThat(run.out().strip()).isEqualTo("0");
    }

    @Test
    void tmpfsSizes_areEnforced_forDashDashTmpfs_andDashDashMount() {
        MountRequest mount = new MountRequest("tmpfs", "", "/small", false, Optional.empty(), Optional.empty(),
                Optional.of(new MountRequest.Tmpfs(1 << 20, 01777, List.of())));
        var request = new ContainerVolumes.Request(List.of(), List.of(mount), Map.of("/t", "size=512k"), List.of());
        Run run = run(request, List.of(), "dd if=/dev/zero of=/t/f bs=1k count=1024 2>&1; echo;"
                + " dd if=/dev/zero of=/small/f bs=1k count=2048 2>&1; echo; ls -ld /small; grep -E ' /t | /small ' /proc/mounts");
        assertThat(run.out()).contains("No space left on device").contains("drwxrwxrwt")
                .contains("tmpfs /t tmpfs rw,nosuid,nodev,noexec,relatime,size=512k")
                .contains("tmpfs /small tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k");
        assertThat(run.out().split("No space left on device", -1)).hasSize(3);
        assertThat(run.mounts()).singleElement().extracting(MountPoint::tmpfsOptions).isEqualTo("mode=1777,size=1m");
    }

    @Test
    void aVolumeWithTmpfsOptions_isMountedWhileUsed() {
        volumes.store().create("ram", "", Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=256k"), Map.of());
        Run run = run(binds("ram:/ram"), List.of(), "grep ' /ram ' /proc/mounts");
        assertThat(run.out()).contains("tmpfs /ram tmpfs").contains("size=256k");
    }

    @Test
    void volumesFrom_sharesTheOthersVolumes_readOnlyWhenAsked() {
        Run first = run(binds("shared:/shared"), List.of("/anon"), "echo one > /shared/f; echo two > /anon/f");
        String firstId = started.keySet().iterator().next();
        Run second = run(new ContainerVolumes.Request(List.of(), List.of(), Map.of(), List.of(firstId + ":ro")),
                List.of(), "cat /shared/f /anon/f; touch /shared/g 2>&1");
        assertThat(first.code()).isZero();
        assertThat(second.out()).startsWith("one\ntwo\n").contains("Read-only file system");
        assertThat(second.mounts()).extracting(MountPoint::rw).containsOnly(false);
        assertThat(volumes.store().references("shared")).hasSize(2);
    }

    @Test
    void release_withRemoveAnonymous_takesOnlyTheUnnamedVolumes() {
        Run run = run(binds("keep:/keep", "/anon"), List.of("/img"), "true");
        releases.forEach(Runnable::run);
        releases.clear();
        assertThat(volumes.store().list()).extracting(Volume::name).containsExactly("keep");
        assertThat(run.mounts()).hasSize(3);
    }

    @Test
    void badSpecs_failWithDockersMessages_andLeaveNoVolume() {
        String id = "c" + "1".repeat(63);
        assertThatThrownBy(() -> volumes.create(id, binds("/a:/b:bogus"), List.of(), x -> List.of()))
                .hasMessage("invalid mode: bogus");
        assertThatThrownBy(() -> volumes.create(id, binds("/a:rw"), List.of(), x -> List.of()))
                .hasMessage("invalid volume specification: '/a:rw'");
        assertThatThrownBy(() -> volumes.create(id, binds("/a:b"), List.of(), x -> List.of()))
                .hasMessage("invalid volume specification: '/a:b': invalid mount config for type \"bind\": invalid"
                        + " mount path: 'b' mount path must be absolute");
        assertThatThrownBy(() -> volumes.create(id, binds("v1:/x", "v2:/x"), List.of(), x -> List.of()))
                .hasMessage("Duplicate mount point: /x");
        assertThatThrownBy(() -> volumes.create(id, binds("ok:/y", "./rel:/z"), List.of(), x -> List.of()))
                .hasMessageStartingWith("create ./rel: \"./rel\" includes invalid characters for a local volume name");
        assertThatThrownBy(() -> volumes.create(id, binds("/tmp:/"), List.of(), x -> List.of()))
                .hasMessageEndingWith("invalid specification: destination can't be '/'");
        assertThat(volumes.store().list()).isEmpty();
    }
}
