package dev.berth.registry.storage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;

/**
 * A second process on a {@link LinkFence}: {@code hold ROOT} takes a link hold, {@code collect ROOT} starts a
 * collection; each prints what it holds, keeps it until a line arrives on stdin (or until killed), then says so.
 */
public final class FenceHolder {
    private FenceHolder() {}

    public static void main(String[] args) throws Exception {
        LinkFence fence = LinkFence.open(Path.of(args[1]));
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
        switch (args[0]) {
            case "hold" -> {
                try (LinkFence.Hold hold = fence.link()) {
                    System.out.println("holding");
                    System.out.flush();
                    stdin.readLine();
                }
            }
            case "collect" -> {
                try (LinkFence.Collection collection = fence.startCollection()) {
                    System.out.println("collecting");
                    System.out.flush();
                    stdin.readLine();
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("released");
        System.out.flush();
    }
}
