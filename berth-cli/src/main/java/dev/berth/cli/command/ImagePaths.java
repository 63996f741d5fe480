package dev.berth.cli.command;

/** Image names in request paths: kept as typed (they may hold {@code /} and {@code :}), other bytes escaped. */
final class ImagePaths {
    private ImagePaths() {}

    static String of(String name) {
        StringBuilder b = new StringBuilder();
        for (byte c : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            if (Character.isLetterOrDigit(c) && c > 0 || "-._~/:@".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return "/images/" + b;
    }
}
