package dev.berth.cli.command;

import dev.berth.cli.api.JsonTrees;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.api.CliException;
import dev.berth.cli.api.DaemonException;
import dev.berth.cli.api.HttpRequest;
import dev.berth.cli.api.RequestBody;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth update}: new resource limits or restart policy ({@code POST /containers/{id}/update}). */
@Command(name = "update", mixinStandardHelpOptions = true, description = "Update configuration of one or more containers")
public final class UpdateCommand extends DaemonCommand {
    @Option(names = {"-m", "--memory"}, paramLabel = "bytes", description = "Memory limit")
    String memory;

    @Option(names = "--memory-swap", paramLabel = "bytes", description = "Swap limit equal to memory plus swap: -1 to enable unlimited swap")
    String memorySwap;

    @Option(names = "--memory-reservation", paramLabel = "bytes", description = "Memory soft limit")
    String memoryReservation;

    @Option(names = "--cpus", paramLabel = "decimal", description = "Number of CPUs")
    String cpus;

    @Option(names = {"-c", "--cpu-shares"}, paramLabel = "int", description = "CPU shares (relative weight)")
    String cpuShares;

    @Option(names = "--pids-limit", paramLabel = "int", description = "Tune container pids limit (set -1 for unlimited)")
    String pidsLimit;

    @Option(names = "--restart", paramLabel = "string", description = "Restart policy to apply when a container exits")
    String restart;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*")
    List<String> containers = new ArrayList<>();

    @Override
    int run() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (memory != null) {
            body.put("Memory", FlagValues.ramInBytes(memory, "-m, --memory"));
        }
        if (memorySwap != null) {
            body.put("MemorySwap", memorySwap.equals("-1") ? -1 : FlagValues.ramInBytes(memorySwap, "--memory-swap"));
        }
        if (memoryReservation != null) {
            body.put("MemoryReservation", FlagValues.ramInBytes(memoryReservation, "--memory-reservation"));
        }
        if (cpus != null) {
            body.put("NanoCpus", FlagValues.nanoCpus(cpus));
        }
        if (cpuShares != null) {
            body.put("CpuShares", FlagValues.int64(cpuShares, "-c, --cpu-shares"));
        }
        if (pidsLimit != null) {
            body.put("PidsLimit", FlagValues.int64(pidsLimit, "--pids-limit"));
        }
        if (restart != null) {
            ObjectNode policy = body.putObject("RestartPolicy");
            String[] parts = restart.split(":", 2);
            policy.put("Name", parts[0]);
            policy.put("MaximumRetryCount", parts.length > 1 ? (int) FlagValues.int64(parts[1], "--restart") : 0);
        }
        if (body.isEmpty()) {
            throw new CliException("you must provide one or more flags when using this command");
        }
        byte[] bytes = JsonTrees.write(body);
        List<String> errors = new ArrayList<>();
        for (String c : containers) {
            try {
                JsonNode result = client().json(HttpRequest.of("POST", "/containers/" + c + "/update")
                        .withBody(new RequestBody.Bytes("application/json", bytes)));
                result.path("Warnings").forEach(w -> err().println(w.asText()));
                out().println(c);
            } catch (DaemonException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            out().flush();
            throw new CliException(String.join("\n", errors));
        }
        return 0;
    }
}
