package dev.berth.registry.web;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.Descriptor;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.api.Tag;
import dev.berth.registry.storage.RegistryStorage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The registry's page for people: repositories → tags → for each tag the image's tree (index → manifest per platform
 * → config and layers) with media types, digests and sizes. Server-rendered HTML with a little CSS and no script;
 * repositories are paged like the catalog ({@code n}, {@code last}).
 */
final class RegistryPage {
    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;
    static final int MAX_TAGS = 50;

    /** What one request asks for: a page of repositories after {@code last}, and the host clients pull from. */
    record Request(int n, Optional<String> last, String host) {
        Request {
            if (n < 1) {
                throw new IllegalArgumentException("page size must be positive: " + n);
            }
            n = Math.min(n, MAX_PAGE);
        }
    }

    private static final String STYLE = """
            :root{--ink:#1d2430;--mute:#5d6b7e;--line:#d5dce6;--accent:#0b6bcb;--bg:#f6f8fb}
            *{box-sizing:border-box}
            body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;
                 color:var(--ink);background:var(--bg)}
            header{background:#14233a;color:#fff;padding:1.2rem 2rem}
            header h1{margin:0;font-size:1.4rem}
            header p{margin:.2rem 0 0;color:#b8c6da}
            main{max-width:72rem;margin:0 auto;padding:1rem 2rem 3rem}
            .repository{background:#fff;border:1px solid var(--line);border-radius:8px;
                        margin:1.2rem 0;padding:.8rem 1.2rem}
            .repository h2{margin:.2rem 0 .6rem;font-size:1.2rem}
            .tags{list-style:none;margin:0;padding:0}
            .tag{border-top:1px solid var(--line);padding:.6rem 0}
            .tag h3{margin:0;font-size:1rem}
            .tag-name{background:#e6f0fb;color:var(--accent);border-radius:4px;padding:0 .4rem}
            .pull{display:block;color:var(--mute);font-size:.85rem;margin:.2rem 0 .4rem}
            .tree,.tree ul{list-style:none;margin:0;padding-left:1.4rem;border-left:2px solid var(--line)}
            .tree{padding-left:.8rem}
            .node{margin:.25rem 0}
            .kind{display:inline-block;min-width:5.5rem;font-weight:600}
            .index>.kind{color:#7a3db8}.manifest>.kind{color:#0b6bcb}
            .config>.kind{color:#8a6d00}.layer>.kind{color:#2e7d32}
            .platform{font-weight:600;margin-right:.4rem}
            .media-type{color:var(--mute);font-size:.85rem;margin-right:.4rem}
            .digest{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all;margin-right:.4rem}
            .size{white-space:nowrap}
            .problem{color:#b3261e;margin-left:.4rem}
            .empty{color:var(--mute)}
            nav a{color:var(--accent)}
            """;

    private final RegistryStorage storage;
    private final ImageTree trees;

    RegistryPage(RegistryStorage storage) {
        this.storage = storage;
        this.trees = new ImageTree(storage.manifests());
    }

    String render(Request request) {
        List<RepositoryName> all = storage.repositories();
        List<RepositoryName> page = all.stream()
                .filter(r -> request.last().map(l -> r.value().compareTo(l) > 0).orElse(true))
                .limit(request.n() + 1L)
                .toList();
        Html html = new Html();
        html.markup("<!DOCTYPE html>").openWith("html", "lang", "en").open("head", "")
                .openWith("meta", "charset", "utf-8")
                .openWith("meta", "name", "viewport", "content", "width=device-width, initial-scale=1")
                .element("title", "", "berth-registry").element("style", "", STYLE).close("head")
                .open("body", "").open("header", "").element("h1", "", "berth-registry")
                .element("p", "", all.size() + (all.size() == 1 ? " repository" : " repositories")
                        + " · an OCI Distribution registry")
                .close("header").open("main", "");
        if (all.isEmpty()) {
            html.element("p", "empty", "No repositories yet: push an image, e.g. docker push " + request.host()
                    + "/hello-world:latest");
        }
        List<RepositoryName> shown = page.subList(0, Math.min(page.size(), request.n()));
        for (RepositoryName name : shown) {
            repository(html, name, request.host());
        }
        if (page.size() > request.n()) {
            String last = shown.getLast().value();
            html.open("nav", "").openWith("a", "rel", "next", "href", "/?n=" + request.n() + "&last="
                    + URLEncoder.encode(last, StandardCharsets.UTF_8)).text("Next repositories →").close("a")
                    .close("nav");
        }
        return html.close("main").close("body").close("html").toString();
    }

    private void repository(Html html, RepositoryName name, String host) {
        html.openWith("section", "class", "repository", "id", "repository-" + name.value());
        html.element("h2", "repository-name", name.value());
        List<Tag> tags = storage.tags().list(name);
        if (tags.isEmpty()) {
            html.element("p", "empty", "No tags.");
        }
        html.open("ul", "tags");
        for (Tag tag : tags.subList(0, Math.min(tags.size(), MAX_TAGS))) {
            html.open("li", "tag").open("h3", "").element("span", "tag-name", tag.value()).close("h3");
            html.element("code", "pull", "docker pull " + host + "/" + name + ":" + tag);
            Optional<Digest> digest = storage.tags().resolve(name, tag);
            Optional<ImageTree.Node> tree = digest.flatMap(d -> trees.read(name, d));
            if (tree.isPresent()) {
                html.open("ul", "tree");
                node(html, tree.get());
                html.close("ul");
            } else {
                html.element("p", "problem", "manifest " + digest.map(Digest::toString).orElse("?")
                        + " not in this repository");
            }
            html.close("li");
        }
        html.close("ul");
        if (tags.size() > MAX_TAGS) {
            html.element("p", "empty", "… and " + (tags.size() - MAX_TAGS) + " more tags (see /v2/" + name
                    + "/tags/list).");
        }
        html.close("section");
    }

    private static void node(Html html, ImageTree.Node node) {
        Descriptor d = node.descriptor();
        html.open("li", "node " + node.kind().label).element("span", "kind", node.kind().label);
        d.platform().ifPresent(p -> html.element("span", "platform", p.toString()));
        d.artifactType().ifPresent(t -> html.element("span", "media-type", "artifact " + t));
        html.element("span", "media-type", d.mediaType()).element("code", "digest", d.digest().toString());
        html.openWith("span", "class", "size", "data-bytes", Long.toString(d.size()), "title", d.size() + " bytes")
                .text(human(d.size())).close("span");
        node.problem().ifPresent(p -> html.element("span", "problem", p));
        if (!node.children().isEmpty()) {
            html.open("ul", "");
            node.children().forEach(c -> node(html, c));
            html.close("ul");
        }
        html.close("li");
    }

    /** Sizes in binary units with three significant digits: {@code 1.23 MiB}; bytes as they are below 1 KiB. */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String pattern = value >= 100 ? "%.0f %s" : value >= 10 ? "%.1f %s" : "%.2f %s";
        return String.format(Locale.ROOT, pattern, value, units[unit]);
    }
}
