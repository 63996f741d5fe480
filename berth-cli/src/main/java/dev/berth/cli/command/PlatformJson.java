package dev.berth.cli.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.api.CliException;

/** {@code os/arch[/variant]} as the OCI platform JSON that newer endpoints take in their {@code platform} query. */
final class PlatformJson {
    private PlatformJson() {}

    static String of(String platform) {
        String[] parts = platform.split("/");
        if (parts.length < 1 || parts.length > 3 || parts[0].isEmpty()) {
            throw new CliException("invalid platform: " + platform);
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("os", parts[0]);
        if (parts.length > 1) {
            node.put("architecture", parts[1]);
        }
        if (parts.length > 2) {
            node.put("variant", parts[2]);
        }
        return node.toString();
    }
}
