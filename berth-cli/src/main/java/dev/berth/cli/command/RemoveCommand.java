package dev.berth.cli.command;

import dev.berth.cli.api.DaemonException;
import dev.berth.cli.api.Query;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code berth rm}: {@code DELETE /containers/{id}} ({@code -f} kills a running one, {@code -v} its anonymous volumes). */
public final class RemoveCommand extends EachContainerCommand {
    private static final Flag FORCE = new Flag(Flag.Kind.FLAG, "",
            "Force the removal of a running container (uses SIGKILL)", "-f", "--force");
    private static final Flag VOLUMES = new Flag(Flag.Kind.FLAG, "",
            "Remove anonymous volumes associated with the container", "-v", "--volumes");
    private static final Flag LINK = new Flag(Flag.Kind.FLAG, "", "Remove the specified link", "-l", "--link");

    @Override
    public CommandSpec spec() {
        specified("rm", "Remove one or more containers", List.of(FORCE, VOLUMES, LINK));
        return spec.aliases("remove");
    }

    /** docker's {@code rm -f} reports a container that is already gone, and exits 0. */
    @Override
    boolean ignored(DaemonException e) {
        return FORCE.isSet(spec) && e.status() == 404;
    }

    @Override
    String apply(String container) {
        String name = container.replaceAll("^/+", "");
        Query q = Query.empty().flag("force", FORCE.isSet(spec)).flag("link", LINK.isSet(spec))
                .flag("v", VOLUMES.isSet(spec));
        client().send("DELETE", path(name), q).close();
        return container;
    }
}
