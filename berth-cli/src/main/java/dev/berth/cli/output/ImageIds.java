package dev.berth.cli.output;

/** Image ids as docker shows them: 12 hex digits without the algorithm, or the full {@code sha256:…} id. */
public final class ImageIds {
    private static final int SHORT_LENGTH = 12;

    private ImageIds() {}

    public static String format(String id, boolean noTrunc) {
        return noTrunc ? id : truncate(id);
    }

    /** docker's {@code stringid.TruncateID}: algorithm dropped, first 12 characters. */
    public static String truncate(String id) {
        int colon = id.indexOf(':');
        String hex = colon >= 0 ? id.substring(colon + 1) : id;
        return hex.length() > SHORT_LENGTH ? hex.substring(0, SHORT_LENGTH) : hex;
    }
}
