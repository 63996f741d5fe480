package dev.berth.engine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.image.ImageDeleter;
import dev.berth.engine.image.ImageLoader;
import dev.berth.engine.image.ImagePruner;
import dev.berth.engine.image.ImageQuery;
import dev.berth.engine.image.ImageRecord;
import dev.berth.engine.image.ImageSaver;
import dev.berth.engine.image.ImageStore;
import dev.berth.engine.image.ImageSummary;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layout.DockerArchive;
import dev.berth.oci.reference.Reference;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The image endpoints that need no registry: list, inspect, history, tag, delete, save, load, prune. Each one
 * parses the request, calls the image package, and writes docker's shape of the answer.
 */
public final class ImageRoutes {
    private static final String NAME = "/images/(.+)";

    private final ImageStore store;

    public ImageRoutes(ImageStore store) {
        this.store = store;
    }

    public void register(Router router) {
        router.add("GET", "/images/json", this::list)
                .add("POST", "/images/load", this::load)
                .add("GET", "/images/get", this::save)
                .add("POST", "/images/prune", this::prune)
                .add("GET", NAME + "/json", this::inspect)
                .add("GET", NAME + "/history", this::history)
                .add("GET", NAME + "/get", this::saveOne)
                .add("POST", NAME + "/tag", this::tag)
                .add("DELETE", NAME, this::delete);
    }

    private void list(ApiRequest req, ApiResponse res) {
        ArrayNode out = SystemRoutes.NODES.arrayNode();
        for (ImageSummary s : new ImageQuery(store).list(req.filters())) {
            out.add(ImageJson.summary(s, req.version()));
        }
        res.json(HttpResponseStatus.OK, out);
    }

    private void inspect(ApiRequest req, ApiResponse res) {
        ImageRecord image = store.get(req.param(0));
        res.json(HttpResponseStatus.OK, ImageJson.inspect(store, image, req.version()));
    }

    private void history(ApiRequest req, ApiResponse res) {
        ImageRecord image = store.get(req.param(0));
        res.json(HttpResponseStatus.OK, ImageJson.history(store, image));
    }

    private void tag(ApiRequest req, ApiResponse res) {
        String repo = req.query("repo").orElse("");
        if (repo.isEmpty()) {
            throw BerthException.invalid("repository name must have at least one component");
        }
        Reference ref = Reference.parse(repo);
        if (ref.digest().isPresent()) {
            throw BerthException.invalid("refusing to create a tag with a digest reference");
        }
        ref = req.query("tag").filter(t -> !t.isEmpty()).map(ref::withTag).orElse(ref.withDefaultTag());
        if (ref.familiarName().equals("sha256")) {
            throw BerthException.invalid("refusing to create an ambiguous tag using digest algorithm as name");
        }
        ImageRecord image = store.get(req.param(0));
        store.tag(ref, image.id());
        res.empty(HttpResponseStatus.CREATED);
    }

    private void delete(ApiRequest req, ApiResponse res) {
        List<ImageDeleter.Removal> removals = new ImageDeleter(store).delete(req.param(0), req.flag("force"));
        res.json(HttpResponseStatus.OK, removals(removals));
    }

    private static ArrayNode removals(List<ImageDeleter.Removal> removals) {
        ArrayNode out = SystemRoutes.NODES.arrayNode();
        for (ImageDeleter.Removal r : removals) {
            switch (r) {
                case ImageDeleter.Removal.Untagged u -> out.addObject().put("Untagged", u.reference());
                case ImageDeleter.Removal.Deleted d -> out.addObject().put("Deleted", d.id().toString());
            }
        }
        return out;
    }

    private void prune(ApiRequest req, ApiResponse res) {
        ImagePruner.Report report = new ImagePruner(store).prune(req.filters());
        ObjectNode out = SystemRoutes.NODES.objectNode();
        if (report.removals().isEmpty()) {
            out.putNull("ImagesDeleted");
        } else {
            out.set("ImagesDeleted", removals(report.removals()));
        }
        out.put("SpaceReclaimed", report.spaceReclaimed());
        res.json(HttpResponseStatus.OK, out);
    }

    private void load(ApiRequest req, ApiResponse res) throws IOException {
        try (JsonMessages messages = new JsonMessages(res)) {
            try {
                new ImageLoader(store).load(req.body(), messages::stream);
            } catch (RuntimeException e) {
                if (!messages.started()) {
                    throw e;
                }
                messages.error(e.getMessage());
            }
        }
    }

    private void save(ApiRequest req, ApiResponse res) throws IOException {
        export(req.queryAll("names"), res);
    }

    private void saveOne(ApiRequest req, ApiResponse res) throws IOException {
        export(List.of(req.param(0)), res);
    }

    private void export(List<String> names, ApiResponse res) throws IOException {
        ImageSaver saver = new ImageSaver(store);
        List<DockerArchive.Image> images = saver.resolve(names);
        try (OutputStream out = res.stream(HttpResponseStatus.OK, "application/x-tar")) {
            saver.write(images, out);
        }
    }
}
