package dev.berth.oci.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Linux file syscalls the JDK lacks, called through {@code java.lang.foreign}: device nodes, owners and times of
 * symlinks themselves, xattrs in every namespace, modes with setuid/setgid/sticky bits, and mounts (classic
 * {@code mount(2)} and the file-system context API {@code fsopen}/{@code fsconfig}/{@code fsmount}/{@code move_mount},
 * which takes each option on its own and so escapes {@code mount(2)}'s one-page option limit). Each failure is an
 * {@link ErrnoException} carrying the call, the path, {@code strerror(errno)} and the errno itself.
 */
public final class Syscalls {
    public static final int S_IFIFO = 0010000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int ENODATA = 61;
    /** {@code umount2} flag: detach now, finish when the mount is no longer busy. */
    public static final int MNT_DETACH = 2;
    private static final int FSOPEN_CLOEXEC = 1;
    private static final int FSMOUNT_CLOEXEC = 1;
    private static final int FSCONFIG_SET_STRING = 1;
    private static final int FSCONFIG_CMD_CREATE = 6;
    private static final boolean ARM = System.getProperty("os.arch").startsWith("aarch64")
            || System.getProperty("os.arch").startsWith("arm");
    private static final int MOVE_MOUNT_F_EMPTY_PATH = 0x4;
    private static final int ERANGE = 34;
    private static final int ENOENT = 2;
    /** statx: STATX_TYPE | STATX_MODE | STATX_ATIME | STATX_MTIME | STATX_CTIME | STATX_INO | STATX_SIZE. */
    private static final int STATX_WANTED = 0x1 | 0x2 | 0x20 | 0x40 | 0x80 | 0x100 | 0x200;
    /** {@code struct statx} (the same on every architecture): 256 bytes, the offsets used below. */
    private static final long STATX_SIZE = 256;
    private static final long STX_MODE = 28;
    private static final long STX_INO = 32;
    private static final long STX_SIZE = 40;
    private static final long STX_ATIME = 64;
    private static final long STX_CTIME = 96;
    private static final long STX_MTIME = 112;
    private static final long STX_DEV_MAJOR = 136;
    private static final long STX_DEV_MINOR = 140;
    /** {@code MAX_HANDLE_SZ}: the largest file handle a file system encodes. */
    private static final int MAX_HANDLE_SZ = 128;
    /** {@code O_RDONLY | O_CLOEXEC}, numbered alike on x86-64 and arm64. */
    private static final int O_RDONLY_CLOEXEC = 02000000;
    /** {@code O_WRONLY | O_NONBLOCK | O_CLOEXEC}, numbered alike on x86-64 and arm64. */
    private static final int O_WRONLY_NONBLOCK_CLOEXEC = 01 | 04000 | 02000000;
    /** The most a pipe takes in one write that is never split ({@code PIPE_BUF}). */
    private static final int PIPE_BUF = 4096;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    /**
     * {@code O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC}: arm and arm64 number O_DIRECTORY and O_NOFOLLOW apart
     * from the other architectures (their x86 values mean O_DIRECT and O_LARGEFILE there).
     */
    private static final int O_RDONLY_DIRECTORY_NOFOLLOW_CLOEXEC =
            (ARM ? 040000 | 0100000 : 0200000 | 0400000) | 02000000;
    private static final long FS_IOC_GETFLAGS = 0x80086601L;
    private static final long FS_IOC_SETFLAGS = 0x40086602L;
    /** ext2/3/4's "top of directory hierarchies" attribute ({@code chattr +T}). */
    private static final int FS_TOPDIR_FL = 0x00020000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;

    private static final MethodHandle MKNOD = errnoCall("mknod", FunctionDescriptor.of(INT, PTR, INT, LONG));
    private static final MethodHandle SYMLINK = errnoCall("symlink", FunctionDescriptor.of(INT, PTR, PTR));
    private static final MethodHandle LCHOWN = errnoCall("lchown", FunctionDescriptor.of(INT, PTR, INT, INT));
    private static final MethodHandle CHMOD = errnoCall("chmod", FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle UTIMENSAT =
            errnoCall("utimensat", FunctionDescriptor.of(INT, INT, PTR, PTR, INT));
    private static final MethodHandle LSETXATTR =
            errnoCall("lsetxattr", FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, INT));
    private static final MethodHandle LREMOVEXATTR =
            errnoCall("lremovexattr", FunctionDescriptor.of(INT, PTR, PTR));
    private static final MethodHandle LGETXATTR =
            errnoCall("lgetxattr", FunctionDescriptor.of(LONG, PTR, PTR, PTR, LONG));
    private static final MethodHandle LLISTXATTR =
            errnoCall("llistxattr", FunctionDescriptor.of(LONG, PTR, PTR, LONG));
    private static final MethodHandle MOUNT =
            errnoCall("mount", FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, PTR));
    private static final MethodHandle UMOUNT2 = errnoCall("umount2", FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle FLOCK = errnoCall("flock", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle FSOPEN = errnoCall("fsopen", FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle FSCONFIG =
            errnoCall("fsconfig", FunctionDescriptor.of(INT, INT, INT, PTR, PTR, INT));
    private static final MethodHandle FSMOUNT = errnoCall("fsmount", FunctionDescriptor.of(INT, INT, INT, INT));
    private static final MethodHandle MOVE_MOUNT =
            errnoCall("move_mount", FunctionDescriptor.of(INT, INT, PTR, INT, PTR, INT));
    private static final MethodHandle CLOSE = errnoCall("close", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle STATX = errnoCall("statx", FunctionDescriptor.of(INT, INT, PTR, INT, INT, PTR));
    private static final MethodHandle OPEN = errnoCall("open", FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle NAME_TO_HANDLE_AT =
            errnoCall("name_to_handle_at", FunctionDescriptor.of(INT, INT, PTR, PTR, PTR, INT));
    private static final MethodHandle WRITE = errnoCall("write", FunctionDescriptor.of(LONG, INT, PTR, LONG));
    private static final MethodHandle IOCTL = LINKER.downcallHandle(LIBC.find("ioctl").orElseThrow(),
            FunctionDescriptor.of(INT, INT, LONG, PTR), Linker.Option.firstVariadicArg(2),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LIBC.find("strerror").orElseThrow(), FunctionDescriptor.of(PTR, INT));

    private Syscalls() {}

    /** A libc function whose errno the call captures, for {@link #call}; for this package's other system calls too. */
    static MethodHandle errnoCall(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(
                LIBC.find(name).orElseThrow(() -> new IllegalStateException("libc lacks " + name)),
                fd, Linker.Option.captureCallState("errno"));
    }

    /** {@code major}/{@code minor} packed as glibc's {@code makedev}. */
    public static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL;
        long mi = minor & 0xffffffffL;
        return ((ma & 0x00000fffL) << 8) | ((ma & 0xfffff000L) << 32) | (mi & 0x000000ffL) | ((mi & 0xffffff00L) << 12);
    }

    public static int major(long dev) {
        return (int) (((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0x00000fffL));
    }

    public static int minor(long dev) {
        return (int) (((dev >>> 12) & 0xffffff00L) | (dev & 0x000000ffL));
    }

    /** Creates a fifo ({@link #S_IFIFO}) or a device node ({@link #S_IFCHR}, {@link #S_IFBLK}). */
    public static void mknod(Path path, int type, int permissions, long dev) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = cString(arena, path);
            call("mknod", path, st -> (int) MKNOD.invokeExact(st, p, type | (permissions & 07777), dev)).orThrow();
        }
    }

    /**
     * Creates symlink {@code link} pointing at {@code target} byte for byte (NIO's {@code createSymbolicLink} would
     * normalise the target, dropping a trailing or doubled slash).
     */
    public static void symlink(String target, Path link) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocateFrom(target);
            MemorySegment l = cString(arena, link);
            call("symlink", link, st -> (int) SYMLINK.invokeExact(st, t, l)).orThrow();
        }
    }

    /**
     * The attributes of {@code path} itself (a symlink is not followed), empty when nothing is there. Unlike NIO's
     * {@code readAttributesIfExists} without following links, an absent path costs no exception (NIO throws and
     * catches one), which matters where most paths asked for are absent: each entry of a layer being applied.
     */
    public static Optional<FileStat> lstat(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = cString(arena, path);
            MemorySegment buf = arena.allocate(STATX_SIZE, 8);
            Result r = call("statx", path,
                    st -> (int) STATX.invokeExact(st, AT_FDCWD, p, AT_SYMLINK_NOFOLLOW, STATX_WANTED, buf));
            if (r.rc() < 0 && r.errno() == ENOENT) {
                return Optional.empty();
            }
            r.orThrow();
            return Optional.of(new FileStat(buf.get(ValueLayout.JAVA_SHORT, STX_MODE) & 0xffff,
                    buf.get(LONG, STX_SIZE),
                    makedev(buf.get(INT, STX_DEV_MAJOR), buf.get(INT, STX_DEV_MINOR)), buf.get(LONG, STX_INO),
                    nanos(buf, STX_ATIME), nanos(buf, STX_MTIME), nanos(buf, STX_CTIME)));
        }
    }

    /**
     * The file handle of {@code path} (a symlink is not followed), empty when nothing is there: what identifies a file
     * for as long as its file system lives, where an inode number is taken over by the next file made once the old
     * one is gone (ext4 hands it out again at once). ext4's handle is the inode number and its generation, drawn anew
     * at each allocation. Fails with {@link ErrnoException#ENOTSUP} (EOPNOTSUPP) on a file system that has no handles.
     */
    public static Optional<FileHandle> fileHandle(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = cString(arena, path);
            // struct file_handle: handle_bytes (in: room, out: used), handle_type, then the handle itself.
            MemorySegment handle = arena.allocate(8 + MAX_HANDLE_SZ, 4);
            handle.set(INT, 0, MAX_HANDLE_SZ);
            MemorySegment mountId = arena.allocate(INT);
            Result r = call("name_to_handle_at", path, st -> (int) NAME_TO_HANDLE_AT.invokeExact(
                    st, AT_FDCWD, p, handle, mountId, 0));
            if (r.rc() < 0 && r.errno() == ENOENT) {
                return Optional.empty();
            }
            r.orThrow();
            byte[] bytes = handle.asSlice(8, handle.get(INT, 0)).toArray(ValueLayout.JAVA_BYTE);
            return Optional.of(new FileHandle(mountId.get(INT, 0), handle.get(INT, 4), HexFormat.of().formatHex(bytes)));
        }
    }

    /** A {@code struct statx_timestamp}: seconds (s64), then nanoseconds (u32). */
    private static long nanos(MemorySegment statx, long offset) {
        return statx.get(LONG, offset) * 1_000_000_000L + (statx.get(INT, offset + 8) & 0xffffffffL);
    }

    /** Changes the owner of {@code path} itself, not of a symlink's target. */
    public static void lchown(Path path, int uid, int gid) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = cString(arena, path);
            call("lchown", path, st -> (int) LCHOWN.invokeExact(st, p, uid, gid)).orThrow();
        }
    }

    /** Sets all 12 mode bits, setuid/setgid/sticky included (NIO's permission view drops them). */
    public static void chmod(Path path, int mode) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = cString(arena, path);
            call("chmod", path, st -> (int) CHMOD.invokeExact(st, p, mode & 07777)).orThrow();
        }
    }

    /** Sets atime and mtime (nanoseconds since the epoch) of {@code path} itself, symlinks included. */
    public static void lutimes(Path path, long atimeNanos, long mtimeNanos) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment times = arena.allocate(LONG, 4);
            times.setAtIndex(LONG, 0, Math.floorDiv(atimeNanos, 1_000_000_000L));
            times.setAtIndex(LONG, 1, Math.floorMod(atimeNanos, 1_000_000_000L));
            times.setAtIndex(LONG, 2, Math.floorDiv(mtimeNanos, 1_000_000_000L));
            times.setAtIndex(LONG, 3, Math.floorMod(mtimeNanos, 1_000_000_000L));
            MemorySegment p = cString(arena, path);
            call("utimensat", path,
                    st -> (int) UTIMENSAT.invokeExact(st, AT_FDCWD, p, times, AT_SYMLINK_NOFOLLOW)).orThrow();
        }
    }

    /** Sets extended attribute {@code name} (any namespace: user., trusted., security.) on {@code path} itself. */
    public static void lsetxattr(Path path, String name, byte[] value) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, ValueLayout.JAVA_BYTE, 0, value.length);
            MemorySegment p = cString(arena, path);
            MemorySegment n = arena.allocateFrom(name);
            call("lsetxattr " + name, path,
                    st -> (int) LSETXATTR.invokeExact(st, p, n, v, (long) value.length, 0)).orThrow();
        }
    }

    /** Removes extended attribute {@code name} from {@code path} itself. */
    public static void lremovexattr(Path path, String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = cString(arena, path);
            MemorySegment n = arena.allocateFrom(name);
            call("lremovexattr " + name, path, st -> (int) LREMOVEXATTR.invokeExact(st, p, n)).orThrow();
        }
    }

    /** The value of extended attribute {@code name} of {@code path} itself, empty when it has none. */
    public static Optional<byte[]> lgetxattr(Path path, String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = cString(arena, path);
            MemorySegment n = arena.allocateFrom(name);
            for (long capacity = 256; ; capacity *= 4) {
                MemorySegment buf = arena.allocate(capacity);
                long cap = capacity;
                Result r = call("lgetxattr " + name, path, st -> (long) LGETXATTR.invokeExact(st, p, n, buf, cap));
                if (r.errno() == ENODATA) {
                    return Optional.empty();
                }
                if (r.errno() != ERANGE || capacity > (1 << 20)) {
                    return Optional.of(buf.asSlice(0, r.orThrow()).toArray(ValueLayout.JAVA_BYTE));
                }
            }
        }
    }

    /** The names of the extended attributes of {@code path} itself, in the kernel's order. */
    public static List<String> llistxattr(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = cString(arena, path);
            for (long capacity = 1024; ; capacity *= 4) {
                MemorySegment buf = arena.allocate(capacity);
                long cap = capacity;
                Result r = call("llistxattr", path, st -> (long) LLISTXATTR.invokeExact(st, p, buf, cap));
                if (r.errno() != ERANGE || capacity > (1 << 20)) {
                    return splitNames(buf.asSlice(0, r.orThrow()).toArray(ValueLayout.JAVA_BYTE));
                }
            }
        }
    }

    /** {@code mount(2)}: mounts {@code source} of type {@code fstype} on {@code target} with option string {@code data}. */
    public static void mount(String source, Path target, String fstype, long flags, String data) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocateFrom(source);
            MemorySegment t = cString(arena, target);
            MemorySegment type = arena.allocateFrom(fstype);
            MemorySegment d = arena.allocateFrom(data);
            call("mount " + fstype, target, st -> (int) MOUNT.invokeExact(st, src, t, type, flags, d)).orThrow();
        }
    }

    /** {@code umount2(2)}; {@code flags} 0 or {@link #MNT_DETACH}. */
    public static void umount2(Path target, int flags) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = cString(arena, target);
            call("umount2", target, st -> (int) UMOUNT2.invokeExact(st, t, flags)).orThrow();
        }
    }

    /**
     * Mounts a new {@code fstype} file system on {@code target} through the file-system context API: each option is
     * set with its own {@code fsconfig} call (so repeated keys such as overlayfs' {@code lowerdir+} can pass any
     * number of layers), then the superblock is created, mounted detached and moved onto {@code target}.
     */
    public static void mountWithContext(String fstype, List<Map.Entry<String, String>> options, Path target)
            throws IOException {
        int fsFd = -1;
        int mountFd = -1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment type = arena.allocateFrom(fstype);
            fsFd = (int) call("fsopen " + fstype, target, st -> (int) FSOPEN.invokeExact(st, type, FSOPEN_CLOEXEC))
                    .orThrow();
            int fs = fsFd;
            for (Map.Entry<String, String> option : options) {
                MemorySegment key = arena.allocateFrom(option.getKey());
                MemorySegment value = arena.allocateFrom(option.getValue());
                call("fsconfig " + option.getKey() + "=" + option.getValue(), target,
                        st -> (int) FSCONFIG.invokeExact(st, fs, FSCONFIG_SET_STRING, key, value, 0)).orThrow();
            }
            call("fsconfig create " + fstype, target, st -> (int) FSCONFIG.invokeExact(st, fs, FSCONFIG_CMD_CREATE,
                    MemorySegment.NULL, MemorySegment.NULL, 0)).orThrow();
            mountFd = (int) call("fsmount " + fstype, target,
                    st -> (int) FSMOUNT.invokeExact(st, fs, FSMOUNT_CLOEXEC, 0)).orThrow();
            int mnt = mountFd;
            MemorySegment empty = arena.allocateFrom("");
            MemorySegment t = cString(arena, target);
            call("move_mount", target, st -> (int) MOVE_MOUNT.invokeExact(st, mnt, empty, AT_FDCWD, t,
                    MOVE_MOUNT_F_EMPTY_PATH)).orThrow();
        } finally {
            closeQuietly(mountFd, target);
            closeQuietly(fsFd, target);
        }
    }

    /**
     * Marks directory {@code dir} as the top of unrelated directory hierarchies ({@code chattr +T}): ext2/3/4 then
     * place each new subdirectory in a block group of its own choosing (Orlov), instead of the group of {@code dir},
     * and the files of that subdirectory follow it. Without a journal, ext4 skips every recently deleted inode of a
     * group, one buffer-cache lookup each, on every inode it allocates there: where many files are deleted and
     * created (a daemon's staging directory, or a busy {@code /tmp} around it), creating a file costs 0.2-1 ms
     * instead of a few microseconds. The attribute only steers allocation: a file system that keeps no such
     * attribute or refuses it (ENOTTY, EOPNOTSUPP, ENOSYS on FUSE, EPERM, whatever it answers) is left as it is,
     * and the answer is false; only a {@code dir} that cannot be opened as a directory is an error.
     */
    public static boolean spreadSubdirectories(Path dir) throws IOException {
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = cString(arena, dir);
            fd = (int) call("open", dir, st -> (int) OPEN.invokeExact(st, p, O_RDONLY_DIRECTORY_NOFOLLOW_CLOEXEC))
                    .orThrow();
        }
        try (Arena arena = Arena.ofConfined()) {
            // The kernel reads and writes an int, whatever the request's encoded size says.
            MemorySegment flags = arena.allocate(LONG);
            Result get = call("ioctl(FS_IOC_GETFLAGS)", dir,
                    st -> (int) IOCTL.invokeExact(st, fd, FS_IOC_GETFLAGS, flags));
            if (get.rc() < 0) {
                return false;
            }
            int current = flags.get(INT, 0);
            if ((current & FS_TOPDIR_FL) != 0) {
                return true;
            }
            flags.set(INT, 0, current | FS_TOPDIR_FL);
            Result set = call("ioctl(FS_IOC_SETFLAGS)", dir,
                    st -> (int) IOCTL.invokeExact(st, fd, FS_IOC_SETFLAGS, flags));
            return set.rc() >= 0;
        } finally {
            closeQuietly(fd, dir);
        }
    }

    /** Work done under a lock, which may fail with an I/O error. */
    @FunctionalInterface
    public interface LockedWork<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code work} holding an exclusive {@code flock(2)} on the existing file {@code lockFile}: the lock other
     * programs (Go's syscall.Flock) take, which Java's {@code FileChannel.lock} (fcntl record locks) does not exclude.
     * While another holds it, a virtual thread waits for it without holding its carrier ({@link BlockingCall}).
     */
    public static <T> T withFlock(Path lockFile, LockedWork<T> work) throws IOException {
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = cString(arena, lockFile);
            fd = (int) call("open", lockFile, st -> (int) OPEN.invokeExact(st, p, O_RDONLY_CLOEXEC)).orThrow();
        }
        try {
            BlockingCall.run(dontWait -> call("flock", lockFile,
                    st -> (int) FLOCK.invokeExact(st, fd, LOCK_EX | (dontWait ? LOCK_NB : 0))).orThrow());
            return work.run();
        } finally {
            // Closing the descriptor releases the lock.
            closeQuietly(fd, lockFile);
        }
    }

    /**
     * Writes {@code data} (at most {@code PIPE_BUF} bytes, so never split) into the fifo {@code fifo} without waiting:
     * a fifo nobody reads fails at once ({@code ENXIO}) where a plain open for writing would wait for a reader
     * forever, and a full one fails ({@code EAGAIN}) where the write would wait. For conmon's control fifo, whose
     * reader goes with conmon: a blocked open also holds a virtual thread's carrier.
     */
    public static void writeFifoNow(Path fifo, byte[] data) throws IOException {
        if (data.length > PIPE_BUF) {
            throw new IllegalArgumentException("write " + fifo + ": " + data.length + " bytes, more than PIPE_BUF");
        }
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = cString(arena, fifo);
            fd = (int) call("open", fifo, st -> (int) OPEN.invokeExact(st, p, O_WRONLY_NONBLOCK_CLOEXEC)).orThrow();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, buf, ValueLayout.JAVA_BYTE, 0, data.length);
            call("write", fifo, st -> (long) WRITE.invokeExact(st, fd, buf, (long) data.length)).orThrow();
        } finally {
            close(fd, fifo.toString());
        }
    }

    /** Closes {@code fd}; a failure to close a descriptor only read from cannot lose data, so it is not thrown. */
    private static void closeQuietly(int fd, Path context) {
        if (fd >= 0) {
            call("close", context, st -> (int) CLOSE.invokeExact(st, fd));
        }
    }

    /** Closes file descriptor {@code fd}. */
    static void close(int fd, String what) throws IOException {
        call("close " + what, Path.of("fd", Integer.toString(fd)), st -> (int) CLOSE.invokeExact(st, fd)).orThrow();
    }

    @FunctionalInterface
    interface NativeCall {
        long invoke(MemorySegment callState) throws Throwable;
    }

    /** A call's return value and, when it failed, its errno. */
    record Result(String call, Path path, long rc, int errno) {
        long orThrow() throws IOException {
            if (rc < 0) {
                throw new ErrnoException(call + " " + path + ": " + strerror(errno) + " (errno " + errno + ")", errno);
            }
            return rc;
        }
    }

    static Result call(String call, Path path, NativeCall fn) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long rc = fn.invoke(state);
            return new Result(call, path, rc, rc < 0 ? (int) ERRNO.get(state, 0L) : 0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(call + " " + path, t);
        }
    }

    private static List<String> splitNames(byte[] raw) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                if (i > start) {
                    names.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return names;
    }

    private static MemorySegment cString(Arena arena, Path path) {
        return arena.allocateFrom(path.toString());
    }

    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }
}
