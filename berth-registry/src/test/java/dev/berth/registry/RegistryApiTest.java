package dev.berth.registry;

import static dev.berth.registry.TestRegistry.body;
import static dev.berth.registry.TestRegistry.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.MediaTypes;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint of the OCI Distribution Specification v1.1 and its error paths, against a registry on loopback. */
class RegistryApiTest {
    @TempDir
    Path root;
    TestRegistry reg;

    @BeforeEach
    void start() {
        reg = new TestRegistry(root, true);
    }

    @AfterEach
    void stop() {
        reg.close();
    }

    record Image(Digest config, Digest layer, byte[] manifest) {}

    Image image(String repo, String seed) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":\"" + seed + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] layer = ("layer " + seed).getBytes(StandardCharsets.UTF_8);
        Digest c = reg.pushBlob(repo, config);
        Digest l = reg.pushBlob(repo, layer);
        String m = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + c + "\",\"size\":" + config.length + "},\"layers\":[{"
                + "\"mediaType\":\"" + MediaTypes.OCI_LAYER_GZIP + "\",\"digest\":\"" + l + "\",\"size\":"
                + layer.length + "}]}";
        return new Image(c, l, m.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void base_answers200WithApiVersion() {
        HttpResponse<byte[]> r = reg.get("/v2/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Docker-Distribution-API-Version")).contains("registry/2.0");
    }

    @Test
    void unknownPath_is404() {
        assertThat(reg.get("/v3/").statusCode()).isEqualTo(404);
        assertThat(reg.send("POST", "/v2/", null).statusCode()).isEqualTo(405);
    }

    @Test
    void blob_getHeadAndRange() {
        byte[] bytes = "0123456789".getBytes(StandardCharsets.UTF_8);
        Digest d = reg.pushBlob("a/b", bytes);
        HttpResponse<byte[]> get = reg.get("/v2/a/b/blobs/" + d);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(bytes);
        assertThat(header(get, "Docker-Content-Digest")).contains(d.toString());
        HttpResponse<byte[]> head = reg.send("HEAD", "/v2/a/b/blobs/" + d, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(header(head, "Content-Length")).contains("10");
        HttpResponse<byte[]> range = reg.get("/v2/a/b/blobs/" + d, "Range", "bytes=2-4");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(body(range)).isEqualTo("234");
        assertThat(header(range, "Content-Range")).contains("bytes 2-4/10");
        assertThat(body(reg.get("/v2/a/b/blobs/" + d, "Range", "bytes=-3"))).isEqualTo("789");
        assertThat(reg.get("/v2/a/b/blobs/" + d, "Range", "bytes=10-").statusCode()).isEqualTo(416);
    }

    @Test
    void blob_isVisibleOnlyInRepositoriesItIsLinkedTo() {
        Digest d = reg.pushBlob("one", "shared".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> other = reg.get("/v2/two/blobs/" + d);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(body(other)).contains("BLOB_UNKNOWN");
        reg.pushBlob("two", "shared".getBytes(StandardCharsets.UTF_8));
        assertThat(reg.get("/v2/two/blobs/" + d).statusCode()).isEqualTo(200);
        assertThat(reg.registry.storage().content().list()).hasSize(1);
    }

    @Test
    void upload_postThenPut() {
        byte[] bytes = "monolithic after post".getBytes(StandardCharsets.UTF_8);
        Digest d = Digest.sha256(bytes);
        HttpResponse<byte[]> post = reg.send("POST", "/v2/r/blobs/uploads/", null);
        assertThat(post.statusCode()).isEqualTo(202);
        String location = header(post, "Location").orElseThrow();
        assertThat(header(post, "Docker-Upload-UUID")).isPresent();
        assertThat(header(post, "Range")).contains("0-0");
        HttpResponse<byte[]> put = reg.send("PUT", location + "?digest=" + d, bytes,
                "Content-Type", "application/octet-stream");
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(header(put, "Location")).contains("/v2/r/blobs/" + d);
        assertThat(reg.get("/v2/r/blobs/" + d).body()).isEqualTo(bytes);
    }

    @Test
    void upload_chunkedPatchWithStatusAndOutOfOrder416() {
        byte[] bytes = "chunk-one|chunk-two|three".getBytes(StandardCharsets.UTF_8);
        Digest d = Digest.sha256(bytes);
        String location = header(reg.send("POST", "/v2/r/blobs/uploads/", null), "Location").orElseThrow();
        HttpResponse<byte[]> first = reg.send("PATCH", location, Arrays.copyOfRange(bytes, 0, 10),
                "Content-Range", "0-9");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(header(first, "Range")).contains("0-9");
        HttpResponse<byte[]> gap = reg.send("PATCH", location, Arrays.copyOfRange(bytes, 12, 20),
                "Content-Range", "12-19");
        assertThat(gap.statusCode()).isEqualTo(416);
        assertThat(header(gap, "Range")).contains("0-9");
        HttpResponse<byte[]> status = reg.get(location);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(header(status, "Range")).contains("0-9");
        assertThat(reg.send("PATCH", location, Arrays.copyOfRange(bytes, 10, 20), "Content-Range", "10-19")
                .statusCode()).isEqualTo(202);
        HttpResponse<byte[]> put = reg.send("PUT", location + "?digest=" + d, Arrays.copyOfRange(bytes, 20,
                bytes.length), "Content-Range", "20-" + (bytes.length - 1));
        assertThat(put.statusCode()).as(body(put)).isEqualTo(201);
        assertThat(reg.get("/v2/r/blobs/" + d).body()).isEqualTo(bytes);
        assertThat(reg.get(location).statusCode()).isEqualTo(404);
    }

    @Test
    void upload_streamedPatchWithoutRange() {
        byte[] bytes = "streamed like docker push".getBytes(StandardCharsets.UTF_8);
        Digest d = Digest.sha256(bytes);
        String location = header(reg.send("POST", "/v2/r/blobs/uploads/", null), "Location").orElseThrow();
        HttpResponse<byte[]> patch = reg.send("PATCH", location, bytes);
        assertThat(patch.statusCode()).isEqualTo(202);
        assertThat(reg.send("PUT", header(patch, "Location").orElseThrow() + "?digest=" + d, null).statusCode())
                .isEqualTo(201);
    }

    @Test
    void upload_cancelAndUnknown() {
        String location = header(reg.send("POST", "/v2/r/blobs/uploads/", null), "Location").orElseThrow();
        assertThat(reg.send("DELETE", location, null).statusCode()).isEqualTo(204);
        HttpResponse<byte[]> gone = reg.get(location);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(body(gone)).contains("BLOB_UPLOAD_UNKNOWN");
        assertThat(reg.send("DELETE", location, null).statusCode()).isEqualTo(404);
        assertThat(reg.send("PATCH", "/v2/r/blobs/uploads/not-a-uuid", new byte[1]).statusCode()).isEqualTo(404);
        assertThat(reg.registry.storage().content().ingests()).isEmpty();
    }

    @Test
    void upload_ofAnotherRepositoryIsUnknown() {
        String location = header(reg.send("POST", "/v2/r/blobs/uploads/", null), "Location").orElseThrow();
        String elsewhere = location.replace("/v2/r/", "/v2/s/");
        assertThat(reg.get(elsewhere).statusCode()).isEqualTo(404);
    }

    @Test
    void upload_digestMismatch_isDigestInvalidAndLeavesNothing() {
        byte[] bytes = "what was sent".getBytes(StandardCharsets.UTF_8);
        Digest wrong = Digest.sha256("something else");
        HttpResponse<byte[]> r = reg.send("POST", "/v2/r/blobs/uploads/?digest=" + wrong, bytes);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(body(r)).contains("DIGEST_INVALID");
        String location = header(reg.send("POST", "/v2/r/blobs/uploads/", null), "Location").orElseThrow();
        assertThat(reg.send("PUT", location + "?digest=" + wrong, bytes).statusCode()).isEqualTo(400);
        assertThat(reg.get(location).statusCode()).as("a mismatch ends the upload").isEqualTo(404);
        assertThat(reg.send("PUT", location + "?digest=sha256:xyz", bytes).statusCode()).isEqualTo(400);
        assertThat(reg.registry.storage().content().list()).isEmpty();
        assertThat(reg.registry.storage().content().ingests()).isEmpty();
        assertThat(reg.get("/v2/r/blobs/" + Digest.sha256(bytes)).statusCode()).isEqualTo(404);
    }

    @Test
    void upload_putWithoutDigest_isDigestInvalid() {
        String location = header(reg.send("POST", "/v2/r/blobs/uploads/", null), "Location").orElseThrow();
        HttpResponse<byte[]> r = reg.send("PUT", location, new byte[3]);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(body(r)).contains("DIGEST_INVALID");
    }

    @Test
    void mount_fromAnotherRepository_is201_andWithoutFromFallsBackTo202() {
        Digest d = reg.pushBlob("src", "mount me".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> mounted = reg.send("POST", "/v2/dst/blobs/uploads/?mount=" + d + "&from=src", null);
        assertThat(mounted.statusCode()).isEqualTo(201);
        assertThat(header(mounted, "Location")).contains("/v2/dst/blobs/" + d);
        assertThat(reg.get("/v2/dst/blobs/" + d).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> noFrom = reg.send("POST", "/v2/other/blobs/uploads/?mount=" + d, null);
        assertThat(noFrom.statusCode()).isEqualTo(202);
        assertThat(header(noFrom, "Location")).get().asString().startsWith("/v2/other/blobs/uploads/");
        HttpResponse<byte[]> missing = reg.send("POST", "/v2/other/blobs/uploads/?mount=" + d + "&from=nope", null);
        assertThat(missing.statusCode()).isEqualTo(202);
        assertThat(reg.get("/v2/other/blobs/" + d).statusCode()).isEqualTo(404);
    }

    @Test
    void manifest_byTagAndDigest_servedAsPushed() {
        Image img = image("app", "1");
        Digest d = reg.pushManifest("app", "v1", MediaTypes.OCI_MANIFEST, img.manifest());
        assertThat(d).isEqualTo(Digest.sha256(img.manifest()));
        for (String ref : new String[] {"v1", d.toString()}) {
            HttpResponse<byte[]> r = reg.get("/v2/app/manifests/" + ref);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(img.manifest());
            assertThat(header(r, "Content-Type")).contains(MediaTypes.OCI_MANIFEST);
            assertThat(header(r, "Docker-Content-Digest")).contains(d.toString());
            HttpResponse<byte[]> head = reg.send("HEAD", "/v2/app/manifests/" + ref, null);
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(header(head, "Content-Length")).contains(Integer.toString(img.manifest().length));
        }
        Digest byDigest = reg.pushManifest("app", d.toString(), MediaTypes.OCI_MANIFEST, img.manifest());
        assertThat(byDigest).isEqualTo(d);
        HttpResponse<byte[]> unknown = reg.get("/v2/app/manifests/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(unknown)).contains("MANIFEST_UNKNOWN");
    }

    @Test
    void manifest_dockerSchema2AndManifestList() {
        Image img = image("d", "docker");
        String docker = new String(img.manifest(), StandardCharsets.UTF_8)
                .replace(MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST)
                .replace(MediaTypes.OCI_CONFIG, MediaTypes.DOCKER_CONFIG)
                .replace(MediaTypes.OCI_LAYER_GZIP, MediaTypes.DOCKER_LAYER_GZIP);
        byte[] bytes = docker.getBytes(StandardCharsets.UTF_8);
        Digest m = reg.pushManifest("d", "amd64", MediaTypes.DOCKER_MANIFEST, bytes);
        String list = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST_LIST + "\",\"manifests\":[{"
                + "\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"digest\":\"" + m + "\",\"size\":"
                + bytes.length + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
        reg.pushManifest("d", "latest", MediaTypes.DOCKER_MANIFEST_LIST, list.getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = reg.get("/v2/d/manifests/latest");
        assertThat(header(r, "Content-Type")).contains(MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(body(r)).isEqualTo(list);
        String missingChild = list.replace(m.toString(), Digest.sha256("absent").toString());
        HttpResponse<byte[]> bad = reg.send("PUT", "/v2/d/manifests/broken", missingChild.getBytes(
                StandardCharsets.UTF_8), "Content-Type", MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(body(bad)).contains("MANIFEST_BLOB_UNKNOWN");
    }

    @Test
    void manifest_referencingBlobsOfAnotherRepository_isManifestBlobUnknown() {
        Image img = image("owner", "x");
        HttpResponse<byte[]> r = reg.send("PUT", "/v2/thief/manifests/v1", img.manifest(),
                "Content-Type", MediaTypes.OCI_MANIFEST);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(body(r)).contains("MANIFEST_BLOB_UNKNOWN");
    }

    @Test
    void manifest_invalidInputs() {
        Image img = image("v", "1");
        HttpResponse<byte[]> malformed = reg.send("PUT", "/v2/v/manifests/t", "{\"schemaVersion\":2,".getBytes(
                StandardCharsets.UTF_8), "Content-Type", MediaTypes.OCI_MANIFEST);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(body(malformed)).contains("MANIFEST_INVALID");
        HttpResponse<byte[]> wrongType = reg.send("PUT", "/v2/v/manifests/t", img.manifest(),
                "Content-Type", MediaTypes.DOCKER_MANIFEST);
        assertThat(wrongType.statusCode()).isEqualTo(400);
        HttpResponse<byte[]> wrongDigest = reg.send("PUT", "/v2/v/manifests/" + Digest.sha256("x"), img.manifest(),
                "Content-Type", MediaTypes.OCI_MANIFEST);
        assertThat(wrongDigest.statusCode()).isEqualTo(400);
        assertThat(body(wrongDigest)).contains("DIGEST_INVALID");
        byte[] huge = new byte[(4 << 20) + 1];
        Arrays.fill(huge, (byte) ' ');
        HttpResponse<byte[]> tooLarge = reg.send("PUT", "/v2/v/manifests/t", huge,
                "Content-Type", MediaTypes.OCI_MANIFEST);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(body(tooLarge)).contains("SIZE_INVALID");
        assertThat(reg.get("/v2/v/manifests/t").statusCode()).isEqualTo(404);
        assertThat(reg.get("/v2/").statusCode()).isEqualTo(200);
    }

    @Test
    void names_withDotsOrUppercase_areNameInvalid() {
        for (String name : new String[] {"UPPER", "a/../b", "..", "a/./b", "-a", "a//b", "a_"}) {
            HttpResponse<byte[]> r = reg.get("/v2/" + name + "/tags/list");
            assertThat(r.statusCode()).as(name).isIn(400, 404);
            if (r.statusCode() == 400) {
                assertThat(body(r)).contains("NAME_INVALID");
            }
        }
        HttpResponse<byte[]> upper = reg.send("POST", "/v2/Upper/blobs/uploads/", null);
        assertThat(upper.statusCode()).isEqualTo(400);
        assertThat(body(upper)).contains("NAME_INVALID");
        HttpResponse<byte[]> dots = reg.send("POST", "/v2/a/%2e%2e/b/blobs/uploads/", null);
        assertThat(dots.statusCode()).isEqualTo(400);
        assertThat(body(dots)).contains("NAME_INVALID");
        assertThat(root.resolve("repositories").toFile().list()).isNullOrEmpty();
    }

    @Test
    void tags_paginatedWithLink() {
        Image img = image("p", "1");
        for (String t : new String[] {"a", "b", "c", "d", "e"}) {
            reg.pushManifest("p", t, MediaTypes.OCI_MANIFEST, img.manifest());
        }
        HttpResponse<byte[]> all = reg.get("/v2/p/tags/list");
        assertThat(body(all)).isEqualTo("{\"name\":\"p\",\"tags\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}");
        HttpResponse<byte[]> first = reg.get("/v2/p/tags/list?n=2");
        assertThat(body(first)).contains("[\"a\",\"b\"]");
        assertThat(header(first, "Link")).contains("</v2/p/tags/list?n=2&last=b>; rel=\"next\"");
        HttpResponse<byte[]> next = reg.get("/v2/p/tags/list?n=2&last=b");
        assertThat(body(next)).contains("[\"c\",\"d\"]");
        HttpResponse<byte[]> lastPage = reg.get("/v2/p/tags/list?n=2&last=d");
        assertThat(body(lastPage)).contains("[\"e\"]");
        assertThat(header(lastPage, "Link")).isEmpty();
        assertThat(body(reg.get("/v2/p/tags/list?n=0"))).contains("\"tags\":[]");
        assertThat(reg.get("/v2/p/tags/list?n=-1").statusCode()).isEqualTo(400);
        HttpResponse<byte[]> unknown = reg.get("/v2/nothere/tags/list");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(unknown)).contains("NAME_UNKNOWN");
    }

    @Test
    void catalog_paginatedWithLink() {
        for (String repo : new String[] {"c/one", "a", "b/x"}) {
            reg.pushBlob(repo, repo.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(body(reg.get("/v2/_catalog"))).isEqualTo("{\"repositories\":[\"a\",\"b/x\",\"c/one\"]}");
        HttpResponse<byte[]> first = reg.get("/v2/_catalog?n=1");
        assertThat(body(first)).isEqualTo("{\"repositories\":[\"a\"]}");
        assertThat(header(first, "Link")).contains("</v2/_catalog?n=1&last=a>; rel=\"next\"");
        assertThat(body(reg.get("/v2/_catalog?n=5&last=a"))).isEqualTo("{\"repositories\":[\"b/x\",\"c/one\"]}");
    }

    @Test
    void referrers_listedAndFilteredByArtifactType() {
        Image img = image("art", "subject");
        Digest subject = reg.pushManifest("art", "v1", MediaTypes.OCI_MANIFEST, img.manifest());
        Digest empty = reg.pushBlob("art", "{}".getBytes(StandardCharsets.UTF_8));
        String sig = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":"
                + "\"application/vnd.example.sig\",\"config\":{\"mediaType\":\"" + MediaTypes.OCI_EMPTY
                + "\",\"digest\":\"" + empty + "\",\"size\":2},\"layers\":[],\"subject\":{\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + subject + "\",\"size\":" + img.manifest().length
                + "},\"annotations\":{\"k\":\"v\"}}";
        String sbom = sig.replace("vnd.example.sig", "vnd.example.sbom");
        HttpResponse<byte[]> put = reg.send("PUT", "/v2/art/manifests/" + Digest.sha256(sig), sig.getBytes(
                StandardCharsets.UTF_8), "Content-Type", MediaTypes.OCI_MANIFEST);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(header(put, "OCI-Subject")).contains(subject.toString());
        reg.pushManifest("art", Digest.sha256(sbom).toString(), MediaTypes.OCI_MANIFEST,
                sbom.getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> all = reg.get("/v2/art/referrers/" + subject);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(header(all, "Content-Type")).contains(MediaTypes.OCI_INDEX);
        assertThat(body(all)).contains("vnd.example.sig", "vnd.example.sbom", "\"k\":\"v\"");
        assertThat(header(all, "OCI-Filters-Applied")).isEmpty();
        HttpResponse<byte[]> filtered = reg.get("/v2/art/referrers/" + subject
                + "?artifactType=application/vnd.example.sig");
        assertThat(body(filtered)).contains("vnd.example.sig").doesNotContain("vnd.example.sbom");
        assertThat(header(filtered, "OCI-Filters-Applied")).contains("artifactType");
        HttpResponse<byte[]> none = reg.get("/v2/art/referrers/" + Digest.sha256("none"));
        assertThat(body(none)).contains("\"manifests\":[]");
        reg.send("DELETE", "/v2/art/manifests/" + Digest.sha256(sig), null);
        assertThat(body(reg.get("/v2/art/referrers/" + subject))).doesNotContain("vnd.example.sig");
    }

    @Test
    void delete_manifestTagAndBlob() {
        Image img = image("del", "1");
        Digest d = reg.pushManifest("del", "v1", MediaTypes.OCI_MANIFEST, img.manifest());
        reg.pushManifest("del", "v2", MediaTypes.OCI_MANIFEST, img.manifest());
        assertThat(reg.send("DELETE", "/v2/del/manifests/v1", null).statusCode()).isEqualTo(202);
        assertThat(reg.get("/v2/del/manifests/v1").statusCode()).isEqualTo(404);
        assertThat(reg.get("/v2/del/manifests/v2").statusCode()).isEqualTo(200);
        assertThat(reg.send("DELETE", "/v2/del/manifests/" + d, null).statusCode()).isEqualTo(202);
        assertThat(reg.get("/v2/del/manifests/v2").statusCode()).isEqualTo(404);
        assertThat(reg.get("/v2/del/manifests/" + d).statusCode()).isEqualTo(404);
        assertThat(reg.send("DELETE", "/v2/del/manifests/" + d, null).statusCode()).isEqualTo(404);
        assertThat(reg.send("DELETE", "/v2/del/blobs/" + img.layer(), null).statusCode()).isEqualTo(202);
        assertThat(reg.get("/v2/del/blobs/" + img.layer()).statusCode()).isEqualTo(404);
        assertThat(reg.send("DELETE", "/v2/del/blobs/" + img.layer(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void delete_disabled_is405Unsupported() {
        reg.close();
        reg = new TestRegistry(root, false);
        Image img = image("nodel", "1");
        reg.pushManifest("nodel", "v1", MediaTypes.OCI_MANIFEST, img.manifest());
        for (String path : new String[] {"/v2/nodel/manifests/v1", "/v2/nodel/blobs/" + img.layer()}) {
            HttpResponse<byte[]> r = reg.send("DELETE", path, null);
            assertThat(r.statusCode()).isEqualTo(405);
            assertThat(body(r)).contains("UNSUPPORTED");
        }
        assertThat(reg.get("/v2/nodel/manifests/v1").statusCode()).isEqualTo(200);
    }

    @Test
    void invalidDigests_areDigestInvalid() {
        HttpResponse<byte[]> r = reg.get("/v2/r/blobs/sha256:nothex");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(body(r)).contains("DIGEST_INVALID");
        assertThat(reg.get("/v2/r/referrers/md5:abc").statusCode()).isEqualTo(400);
    }

    @Test
    void restart_keepsEverything() {
        Image img = image("keep", "1");
        Digest d = reg.pushManifest("keep", "v1", MediaTypes.OCI_MANIFEST, img.manifest());
        reg.close();
        reg = new TestRegistry(root, true);
        assertThat(reg.get("/v2/keep/manifests/v1").body()).isEqualTo(img.manifest());
        assertThat(header(reg.get("/v2/keep/manifests/v1"), "Docker-Content-Digest")).contains(d.toString());
        assertThat(reg.get("/v2/keep/blobs/" + img.layer()).statusCode()).isEqualTo(200);
    }
}
