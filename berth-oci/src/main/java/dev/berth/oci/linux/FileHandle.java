package dev.berth.oci.linux;

/**
 * A file as {@code name_to_handle_at(2)} names it (see {@link Syscalls#fileHandle}): the mount it was looked up in,
 * the handle's type and its bytes in hex. Equal for two names of one file, and unlike device and inode number never
 * equal for a file and one made after it was deleted.
 */
public record FileHandle(int mountId, int type, String handle) {}
