package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A container's block I/O limits, the OCI spec's {@code linux.resources.blockIO}: {@code --blkio-weight},
 * {@code --blkio-weight-device}, {@code --device-read-bps}, {@code --device-write-bps}, {@code --device-read-iops}
 * and {@code --device-write-iops}, each device by its major and minor number (docker names it by path: see
 * {@link #deviceOf}). Rates in bytes or operations per second.
 */
public record BlockIo(OptionalInt weight, List<WeightDevice> weightDevices, List<Throttle> readBps,
        List<Throttle> writeBps, List<Throttle> readIops, List<Throttle> writeIops) {
    public static final BlockIo NONE = new BlockIo(OptionalInt.empty(), List.of(), List.of(), List.of(), List.of(),
            List.of());

    /** A block device's numbers. */
    public record DeviceNumber(long major, long minor) {}

    /** {@code --blkio-weight-device DEVICE:WEIGHT}. */
    public record WeightDevice(DeviceNumber device, int weight) {
        public WeightDevice {
            Objects.requireNonNull(device, "device");
        }
    }

    /** One throttle: {@code --device-read-bps DEVICE:RATE} and its siblings. */
    public record Throttle(DeviceNumber device, long rate) {
        public Throttle {
            Objects.requireNonNull(device, "device");
        }
    }

    public BlockIo {
        Objects.requireNonNull(weight, "weight");
        if (weight.isPresent() && (weight.getAsInt() < 10 || weight.getAsInt() > 1000)) {
            // moby daemon_unix.go verifyPlatformContainerResources
            throw BerthException.invalid("Range of blkio weight is from 10 to 1000");
        }
        weightDevices = List.copyOf(weightDevices);
        readBps = List.copyOf(readBps);
        writeBps = List.copyOf(writeBps);
        readIops = List.copyOf(readIops);
        writeIops = List.copyOf(writeIops);
    }

    public boolean isEmpty() {
        return weight.isEmpty() && weightDevices.isEmpty() && readBps.isEmpty() && writeBps.isEmpty()
                && readIops.isEmpty() && writeIops.isEmpty();
    }

    public BlockIo withDevices(List<WeightDevice> weights, List<Throttle> rBps, List<Throttle> wBps,
            List<Throttle> rIops, List<Throttle> wIops) {
        return new BlockIo(weight, weights, rBps, wBps, rIops, wIops);
    }

    /**
     * The numbers of the device at {@code path}, as dockerd's {@code getBlkioThrottleDevices} stats it when the
     * container starts; a missing one fails with its message.
     */
    public static DeviceNumber deviceOf(String path) {
        try {
            long rdev = (Long) Files.getAttribute(Path.of(path), "unix:rdev");
            return new DeviceNumber(Syscalls.major(rdev), Syscalls.minor(rdev));
        } catch (NoSuchFileException e) {
            throw BerthException.notFound("stat " + path + ": no such file or directory");
        } catch (IOException e) {
            throw BerthException.io("stat " + path, e);
        }
    }
}
