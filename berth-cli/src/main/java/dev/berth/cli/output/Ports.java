package dev.berth.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docker's {@code DisplayablePorts}: published ports as {@code IP:PUBLIC->PRIVATE/PROTO}, exposed ones as
 * {@code PRIVATE/PROTO}, consecutive ports of one mapping folded into ranges ({@code 0.0.0.0:80-81->80-81/tcp}),
 * sorted as docker sorts them.
 */
public final class Ports {
    private Ports() {}

    public static String display(JsonNode ports) {
        Map<String, List<int[]>> groups = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (JsonNode p : ports) {
            String ip = p.path("IP").asText("");
            int priv = p.path("PrivatePort").asInt();
            int pub = p.path("PublicPort").asInt();
            String type = p.path("Type").asText("tcp");
            String prefix = pub == 0 ? "" : (ip.contains(":") ? "[" + ip + "]" : ip) + ":";
            String key = prefix + "|" + type + "|" + (pub == 0 ? "exposed" : "published");
            if (!groups.containsKey(key)) {
                order.add(key);
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new int[] {priv, pub});
        }
        List<String> out = new ArrayList<>();
        for (String key : order) {
            String[] parts = key.split("\\|", -1);
            List<int[]> list = groups.get(key);
            list.sort((a, b) -> Integer.compare(a[0], b[0]));
            int start = 0;
            for (int i = 1; i <= list.size(); i++) {
                boolean breaks = i == list.size() || list.get(i)[0] != list.get(i - 1)[0] + 1
                        || list.get(i)[1] != 0 && list.get(i)[1] != list.get(i - 1)[1] + 1;
                if (breaks) {
                    out.add(format(parts[0], list.get(start), list.get(i - 1), parts[1]));
                    start = i;
                }
            }
        }
        out.sort(null);
        return String.join(", ", out);
    }

    private static String format(String prefix, int[] first, int[] last, String type) {
        String priv = first[0] == last[0] ? Integer.toString(first[0]) : first[0] + "-" + last[0];
        if (first[1] == 0) {
            return priv + "/" + type;
        }
        String pub = first[1] == last[1] ? Integer.toString(first[1]) : first[1] + "-" + last[1];
        return prefix + pub + "->" + priv + "/" + type;
    }
}
