package dev.berth.engine.container;

import dev.berth.engine.runtime.Seccomp;
import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One {@code HostConfig.SecurityOpt} entry, read as dockerd's {@code parseSecurityOpt}: {@code no-new-privileges}
 * ({@code [:=]true|false}) sets the process's no_new_privs; {@code label=…} (SELinux) is accepted and has no effect,
 * as on a dockerd host without SELinux; {@code apparmor=unconfined} asks for what berthd does anyway (it loads no
 * AppArmor profile); a named AppArmor profile is refused rather than dropped where the kernel has AppArmor, and has no
 * effect where it has none, as dockerd's {@code WithApparmor} sets no profile there; {@code seccomp=…} chooses the
 * {@link Seccomp} filter (unconfined, builtin or the JSON of a profile, which the docker CLI reads from the file).
 */
final class SecurityOpts {
    private SecurityOpts() {}

    /** As runc's {@code apparmor.IsEnabled}, which dockerd asks before it sets any profile. */
    private static boolean appArmorEnabled() {
        try {
            return Files.isDirectory(Path.of("/sys/kernel/security/apparmor"))
                    && Files.readString(Path.of("/sys/module/apparmor/parameters/enabled")).startsWith("Y");
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw BerthException.io("read /sys/module/apparmor/parameters/enabled", e);
        }
    }

    /** The seccomp choice of the entry, if it is a {@code seccomp=…} one (refused with dockerd's message when its profile is no JSON). */
    static Optional<Seccomp> seccomp(String opt) {
        return opt.startsWith("seccomp=") || opt.startsWith("seccomp:")
                ? Optional.of(Seccomp.of(opt.substring("seccomp=".length()))) : Optional.empty();
    }

    /** The no_new_privs the entry asks for, if it is a {@code no-new-privileges} one; refuses unknown entries. */
    static Optional<Boolean> noNewPrivileges(String opt) {
        if (opt.equals("no-new-privileges")) {
            return Optional.of(true);
        }
        if (opt.equals("disable")) {
            return Optional.empty();
        }
        int cut = opt.contains("=") ? opt.indexOf('=') : opt.indexOf(':');
        if (cut < 0) {
            throw BerthException.invalid("invalid --security-opt 1: \"" + opt + "\"");
        }
        String key = opt.substring(0, cut);
        String value = opt.substring(cut + 1);
        return switch (key) {
            case "no-new-privileges" -> switch (value) {
                case "true", "1", "t", "T", "TRUE", "True" -> Optional.of(true);
                case "false", "0", "f", "F", "FALSE", "False" -> Optional.of(false);
                default -> throw BerthException.invalid("invalid --security-opt 2: \"" + opt + "\"");
            };
            case "label" -> Optional.empty();
            case "apparmor" -> {
                if (!value.equals("unconfined") && appArmorEnabled()) {
                    throw BerthException.invalid("--security-opt apparmor=…: berthd loads no apparmor profile;"
                            + " only apparmor=unconfined is supported");
                }
                yield Optional.empty();
            }
            case "seccomp" -> Optional.empty(); // read by seccomp(opt)
            default -> throw BerthException.invalid("invalid --security-opt 2: \"" + opt + "\"");
        };
    }
}
