package dev.berth.registry.handler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.Json;
import dev.berth.oci.spec.MediaTypes;
import dev.berth.registry.api.ErrorCode;
import dev.berth.registry.api.RegistryException;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.api.Tag;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.storage.RegistryStorage;
import dev.berth.registry.storage.StoragePath;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Optional;

/**
 * Content discovery (OCI distribution spec, "Content discovery"): {@code /v2/<name>/tags/list} and
 * {@code /v2/_catalog} with {@code n}, {@code last} and the {@code Link} header, and
 * {@code /v2/<name>/referrers/<digest>} with the {@code artifactType} filter.
 */
final class ListingHandler {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RegistryStorage storage;

    ListingHandler(RegistryStorage storage) {
        this.storage = storage;
    }

    void tags(Exchange ex, RepositoryName name) {
        if (!storage.driver().exists(new StoragePath.Repository(name).path())) {
            throw new RegistryException(ErrorCode.NAME_UNKNOWN, "repository " + name + " not found");
        }
        List<String> all = storage.tags().list(name).stream().map(Tag::value).toList();
        Pagination page = Pagination.of(ex, all, false);
        ObjectNode body = NODES.objectNode();
        body.put("name", name.value());
        ArrayNode tags = body.putArray("tags");
        page.items().forEach(tags::add);
        sendJson(ex, body, page.link(), "application/json");
    }

    void catalog(Exchange ex) {
        List<String> all = storage.repositories().stream().map(RepositoryName::value).toList();
        Pagination page = Pagination.of(ex, all, true);
        ObjectNode body = NODES.objectNode();
        ArrayNode repos = body.putArray("repositories");
        page.items().forEach(repos::add);
        sendJson(ex, body, page.link(), "application/json");
    }

    void referrers(Exchange ex, RepositoryName name, Digest subject) {
        Optional<String> artifactType = ex.query("artifactType");
        List<Descriptor> all = storage.referrers().list(name, subject);
        List<Descriptor> listed = artifactType
                .map(t -> all.stream().filter(d -> d.artifactType().filter(t::equals).isPresent()).toList())
                .orElse(all);
        ObjectNode body = NODES.objectNode();
        body.put("schemaVersion", 2);
        body.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode manifests = body.putArray("manifests");
        listed.forEach(d -> manifests.add(d.toJson()));
        HttpHeaders h = new DefaultHttpHeaders();
        h.set(HttpHeaderNames.CONTENT_TYPE, MediaTypes.OCI_INDEX);
        if (artifactType.isPresent()) {
            h.set("OCI-Filters-Applied", "artifactType");
        }
        ex.send(HttpResponseStatus.OK, h, Json.bytes(body));
    }

    private static void sendJson(Exchange ex, ObjectNode body, Optional<String> link, String type) {
        HttpHeaders h = new DefaultHttpHeaders();
        h.set(HttpHeaderNames.CONTENT_TYPE, type);
        link.ifPresent(l -> h.set("Link", l));
        ex.send(HttpResponseStatus.OK, h, Json.bytes(body));
    }
}
