package dev.berth.cli.command;

import dev.berth.cli.api.DaemonException;
import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth rm}: {@code DELETE /containers/{id}} ({@code -f} kills a running one, {@code -v} its anonymous volumes). */
@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true, description = "Remove one or more containers")
public final class RemoveCommand extends EachContainerCommand {
    @Option(names = {"-f", "--force"}, description = "Force the removal of a running container (uses SIGKILL)")
    boolean force;

    @Option(names = {"-v", "--volumes"}, description = "Remove anonymous volumes associated with the container")
    boolean volumes;

    @Option(names = {"-l", "--link"}, description = "Remove the specified link")
    boolean link;

    /** docker's {@code rm -f} reports a container that is already gone, and exits 0. */
    @Override
    boolean ignored(DaemonException e) {
        return force && e.status() == 404;
    }

    @Override
    String apply(String container) {
        String name = container.replaceAll("^/+", "");
        Query q = Query.empty().flag("force", force).flag("link", link).flag("v", volumes);
        client().send("DELETE", path(name), q).close();
        return container;
    }
}
