package dev.berth.registry.observe;

import java.util.regex.Pattern;

/**
 * The route a request path belongs to, as metrics label it: a small closed set, so a client cannot blow up the number
 * of time series by inventing paths or repository names.
 */
public enum Route {
    BASE("base"), CATALOG("catalog"), MANIFESTS("manifests"), BLOBS("blobs"), BLOB_UPLOADS("blob_uploads"),
    TAGS("tags"), REFERRERS("referrers"), TOKEN("token"), HEALTHZ("healthz"), METRICS("metrics"), WEB("web"),
    OTHER("other");

    private static final Pattern UPLOADS = Pattern.compile("^/v2/.+/blobs/uploads(/[^/]*)?$");
    private static final Pattern BLOB = Pattern.compile("^/v2/.+/blobs/[^/]+$");
    private static final Pattern MANIFEST = Pattern.compile("^/v2/.+/manifests/[^/]+$");
    private static final Pattern TAG_LIST = Pattern.compile("^/v2/.+/tags/list$");
    private static final Pattern REFERRER = Pattern.compile("^/v2/.+/referrers/[^/]+$");

    private final String label;

    Route(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The route of {@code path} (without the query). */
    public static Route of(String path) {
        if (path.equals("/v2/") || path.equals("/v2")) {
            return BASE;
        }
        if (path.startsWith("/v2/")) {
            if (path.equals("/v2/_catalog")) {
                return CATALOG;
            }
            // Uploads before blobs: ".../blobs/uploads/" is also ".../blobs/<something>".
            if (UPLOADS.matcher(path).matches()) {
                return BLOB_UPLOADS;
            }
            if (MANIFEST.matcher(path).matches()) {
                return MANIFESTS;
            }
            if (BLOB.matcher(path).matches()) {
                return BLOBS;
            }
            if (TAG_LIST.matcher(path).matches()) {
                return TAGS;
            }
            return REFERRER.matcher(path).matches() ? REFERRERS : OTHER;
        }
        return switch (path) {
            case "/auth/token" -> TOKEN;
            case "/healthz" -> HEALTHZ;
            case "/metrics" -> METRICS;
            default -> WEB;
        };
    }
}
