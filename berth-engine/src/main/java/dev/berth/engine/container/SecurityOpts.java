package dev.berth.engine.container;

import dev.berth.oci.error.BerthException;
import java.util.Optional;

/**
 * One {@code HostConfig.SecurityOpt} entry, read as dockerd's {@code parseSecurityOpt}: {@code no-new-privileges}
 * ({@code [:=]true|false}) sets the process's no_new_privs; {@code label=…} (SELinux) is accepted and has no effect,
 * as on a dockerd host without SELinux; {@code apparmor=unconfined} and {@code seccomp=unconfined} ask for what
 * berthd does anyway (it loads no AppArmor or seccomp profile). A named AppArmor profile or a seccomp profile is
 * refused rather than dropped.
 */
final class SecurityOpts {
    private SecurityOpts() {}

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
            case "apparmor", "seccomp" -> {
                if (!value.equals("unconfined")) {
                    throw BerthException.invalid("--security-opt " + key + "=…: berthd loads no " + key
                            + " profile; only " + key + "=unconfined is supported");
                }
                yield Optional.empty();
            }
            default -> throw BerthException.invalid("invalid --security-opt 2: \"" + opt + "\"");
        };
    }
}
