package dev.berth.cli.e2e;

import static dev.berth.cli.e2e.DockerParity.assertSame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.e2e.ReplayDaemon.Request;
import dev.berth.cli.e2e.ReplayDaemon.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * berth and the docker CLI against the same scripted daemon: the same requests (paths, queries, auth headers) and
 * the same rendering of the same answers, byte for byte — including answers a real daemon gives only by chance
 * (progress lines, errors mid-stream, odd JSON).
 */
class ReplayParityTest {
    @TempDir
    Path dir;

    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final String ID = "sha256:" + "0123456789abcdef".repeat(4);

    private record Pair(Processes.Run berth, Processes.Run docker, List<Request> berthRequests,
                        List<Request> dockerRequests) {}

    private Pair both(Optional<String> api, Function<Request, Response> script, String... args) {
        return bothWithInput(api, script, new byte[0], args);
    }

    private Pair bothWithInput(Optional<String> api, Function<Request, Response> script, byte[] stdin,
                               String... args) {
        return bothWithEnv(Map.of(), Map.of(), api, script, stdin, args);
    }

    /** Runs both clients, each with extra environment variables. */
    private Pair bothWithEnv(Map<String, String> berthEnv, Map<String, String> dockerEnv, Optional<String> api,
                             Function<Request, Response> script, byte[] stdin, String... args) {
        try (ReplayDaemon daemon = new ReplayDaemon(dir.resolve("d.sock"), api, script)) {
            Path berthConfig = Files.createDirectories(dir.resolve("berth-config"));
            Path dockerConfig = Files.createDirectories(dir.resolve("docker-config"));
            Processes.Run berth = new Clients(null, berthConfig, berthEnv).berthOnWithInput(daemon.host(), stdin, args);
            List<Request> berthRequests = daemon.requests();
            daemon.clear();
            List<String> argv = new java.util.ArrayList<>(List.of(Clients.DOCKER));
            argv.addAll(List.of(args));
            Map<String, String> env = new java.util.HashMap<>(dockerEnv);
            env.put("DOCKER_HOST", daemon.host());
            env.put("DOCKER_CONFIG", dockerConfig.toString());
            Processes.Run docker = Processes.run(argv, env, stdin);
            return new Pair(berth, docker, berthRequests, daemon.requests());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sameRequests(Pair p) {
        assertThat(p.berthRequests()).map(Request::toString).isEqualTo(p.dockerRequests().stream()
                .map(Request::toString).toList());
        for (int i = 0; i < p.berthRequests().size(); i++) {
            assertThat(auth(p.berthRequests().get(i))).as("X-Registry-Auth").isEqualTo(auth(p.dockerRequests().get(i)));
        }
    }

    private static String auth(Request r) {
        String h = r.header("X-Registry-Auth");
        return h.isEmpty() ? "" : new String(Base64.getUrlDecoder().decode(h), StandardCharsets.UTF_8);
    }

    private static final String[] PULL_STREAM = {
        "{\"status\":\"Pulling from library/demo\",\"id\":\"latest\"}",
        "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
        "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}",
        "{\"status\":\"Waiting\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}",
        "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":100,\"total\":1000},"
                + "\"progress\":\"[=====>    ]     100B/1kB\",\"id\":\"aaaaaaaaaaaa\"}",
        "{\"status\":\"Verifying Checksum\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
        "{\"status\":\"Download complete\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
        "{\"status\":\"Extracting\",\"progressDetail\":{\"current\":500,\"total\":1000},"
                + "\"progress\":\"[====>   ]  500B/1kB\",\"id\":\"aaaaaaaaaaaa\"}",
        "{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
        "{\"status\":\"Already exists\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}",
        "{\"status\":\"Digest: " + DIGEST + "\"}",
        "{\"status\":\"Status: Downloaded newer image for demo:latest\"}",
    };

    @Test
    void pullStream_renderedAsDockerDoes_withTheSameRequest() {
        Pair p = both(Optional.of("1.45"), r -> Response.stream(PULL_STREAM), "pull", "demo");
        assertSame(p.berth(), p.docker());
        sameRequests(p);
        assertThat(p.berth().out()).isEqualTo("""
                Using default tag: latest
                latest: Pulling from library/demo
                aaaaaaaaaaaa: Pulling fs layer
                bbbbbbbbbbbb: Pulling fs layer
                bbbbbbbbbbbb: Waiting
                aaaaaaaaaaaa: Verifying Checksum
                aaaaaaaaaaaa: Download complete
                aaaaaaaaaaaa: Pull complete
                bbbbbbbbbbbb: Already exists
                Digest: %s
                Status: Downloaded newer image for demo:latest
                docker.io/library/demo:latest
                """.formatted(DIGEST));
        assertThat(p.berthRequests().getFirst().target())
                .isEqualTo("/v1.45/images/create?fromImage=docker.io%2Flibrary%2Fdemo&tag=latest");
    }

    @Test
    void pullVariants_sendTheSameQueries() {
        Function<Request, Response> ok = r -> Response.stream(PULL_STREAM);
        sameRequests(both(Optional.of("1.45"), ok, "pull", "--platform", "linux/ARM64/v8", "-q", "demo:1.0"));
        sameRequests(both(Optional.of("1.45"), ok, "pull", "-a", "localhost:5000/team/app"));
        sameRequests(both(Optional.of("1.45"), ok, "pull", "registry.example:5000/app@" + DIGEST));
        assertSame(both(Optional.of("1.45"), ok, "image", "pull", "-q", "demo:1.0").berth(),
                both(Optional.of("1.45"), ok, "pull", "-q", "demo:1.0").docker());
    }

    @Test
    void errorInTheStream_endsThePull_withItsMessage() {
        Pair p = both(Optional.of("1.45"), r -> Response.stream(PULL_STREAM[0], PULL_STREAM[1],
                "{\"errorDetail\":{\"message\":\"failed to register layer: no space left on device\"},"
                        + "\"error\":\"failed to register layer: no space left on device\"}"), "pull", "demo");
        assertSame(p.berth(), p.docker());
        assertThat(p.berth().err()).isEqualTo("failed to register layer: no space left on device\n");
        assertThat(p.berth().exit()).isEqualTo(1);
    }

    @Test
    void apiVersion_isNegotiatedDownToTheDaemons_or124WhenItNamesNone() {
        Function<Request, Response> list = r -> Response.json(200, "[]");
        Pair old = both(Optional.of("1.41"), list, "images");
        sameRequests(old);
        assertThat(old.berthRequests().getFirst().target()).startsWith("/v1.41/images/json");
        Pair none = both(Optional.empty(), list, "images");
        sameRequests(none);
        assertThat(none.berthRequests().getFirst().target()).startsWith("/v1.24/images/json");
        Pair newer = both(Optional.of("1.99"), list, "images");
        assertThat(newer.berthRequests().getFirst().target()).startsWith("/v1.50/images/json");
        sameRequests(newer);
    }

    @Test
    void daemonErrors_jsonOrText_areWordedAsDocker() {
        assertSame(both(Optional.of("1.45"), r -> Response.json(404,
                "{\"message\":\"No such image: nope:latest\"}"), "rmi", "nope").berth(),
                both(Optional.of("1.45"), r -> Response.json(404,
                        "{\"message\":\"No such image: nope:latest\"}"), "rmi", "nope").docker());
        Pair text = both(Optional.of("1.45"), r -> Response.text(500, "boom\n"), "tag", "a", "b");
        assertSame(text.berth(), text.docker());
        sameRequests(text);
    }

    private static final String SUMMARIES = """
            [{"Containers":2,"Created":1600000000,"Id":"%1$s","Labels":null,"ParentId":"",
              "RepoDigests":["demo@%2$s","localhost:5000/team/demo@%2$s"],
              "RepoTags":["demo:latest","demo:1.0","localhost:5000/team/demo:v1"],
              "SharedSize":1000,"Size":123456789,"VirtualSize":123456789},
             {"Containers":-1,"Created":1700000000,"Id":"sha256:%3$s","Labels":{},"ParentId":"",
              "RepoDigests":["other/thing@%2$s"],"RepoTags":[],"SharedSize":-1,"Size":5,"VirtualSize":5},
             {"Containers":-1,"Created":1500000000,"Id":"sha256:%4$s","Labels":{},"ParentId":"",
              "RepoDigests":[],"RepoTags":[],"SharedSize":-1,"Size":999999,"VirtualSize":999999}]
            """.formatted(ID, DIGEST, "1".repeat(64), "2".repeat(64));

    @Test
    void imageRows_forTagsDigestsAndDanglingImages() {
        Function<Request, Response> list = r -> Response.json(200, SUMMARIES);
        for (List<String> args : List.of(List.of("images"), List.of("images", "--digests"),
                List.of("images", "--no-trunc", "-a"), List.of("images", "-q"),
                List.of("images", "--format", "{{json .}}"),
                List.of("images", "--format", "table {{.ID}}\\t{{.Containers}}\\t{{.SharedSize}}\\t{{.UniqueSize}}"),
                List.of("images", "--filter", "dangling=false", "--filter", "label=a=b", "demo"),
                List.of("images", "--format", "{{.Repository}}{{if .Tag}}:{{.Tag}}{{end}} {{lower .Size}}"))) {
            Pair p = both(Optional.of("1.45"), list, args.toArray(String[]::new));
            // docker walks an image's repositories in Go map order, which changes from run to run
            DockerParity.assertSameRows(String.join(" ", args), p.berth(), p.docker());
            sameRequests(p);
        }
    }

    @Test
    void inspect_keepsTheDaemonsJsonVerbatim() {
        String raw = "{\"Id\":\"" + ID + "\",\"RepoTags\":[],\"Config\":{\"Env\":null,\"Labels\":{},"
                + "\"Cmd\":[\"sh\",\"-c\",\"echo \\u003cx\\u003e \\\"q\\\" é\"]},\"Size\":12,\"Empty\":{}}";
        Function<Request, Response> one = r -> Response.json(200, raw);
        for (List<String> args : List.of(List.of("image", "inspect", "demo"), List.of("image", "inspect", "a", "b"),
                List.of("image", "inspect", "-f", "{{json .Config.Cmd}}|{{.Config.Cmd}}|{{.Size}}|{{.Config.Labels}}", "a"),
                List.of("image", "inspect", "-f", "{{range .Config.Cmd}}<{{.}}>{{end}}", "a"))) {
            Pair p = both(Optional.of("1.45"), one, args.toArray(String[]::new));
            assertSame(String.join(" ", args), p.berth(), p.docker());
            sameRequests(p);
        }
    }

    @Test
    void history_rows() {
        String history = """
                [{"Comment":"","Created":1700000000,"CreatedBy":"/bin/sh -c #(nop)  CMD [\\"sh\\"]\\tand a long tail here",
                  "Id":"%s","Size":0,"Tags":["demo:latest"]},
                 {"Comment":"imported","Created":1600000000,"CreatedBy":"ADD file:abc in / ","Id":"<missing>",
                  "Size":4260000,"Tags":null}]
                """.formatted(ID);
        for (List<String> args : List.of(List.of("history", "demo"), List.of("history", "--no-trunc", "demo"),
                List.of("history", "-H=false", "demo"), List.of("history", "-q", "demo"))) {
            Pair p = both(Optional.of("1.45"), r -> Response.json(200, history), args.toArray(String[]::new));
            assertSame(String.join(" ", args), p.berth(), p.docker());
            sameRequests(p);
        }
    }

    @Test
    void rmi_linesAndErrors() {
        Function<Request, Response> script = r -> switch (r.path()) {
            case "/images/a" -> Response.json(200, "[{\"Untagged\":\"a:latest\"},{\"Untagged\":\"a@" + DIGEST
                    + "\"},{\"Deleted\":\"" + ID + "\"}]");
            case "/images/busy" -> Response.json(409, "{\"message\":\"conflict: unable to remove repository "
                    + "reference \\\"busy\\\" (must force) - container 0123 is using its referenced image 4567\"}");
            default -> Response.json(404, "{\"message\":\"No such image: " + r.path().substring(8) + ":latest\"}");
        };
        for (List<String> args : List.of(List.of("rmi", "a"), List.of("rmi", "a", "nope"),
                List.of("rmi", "-f", "a", "nope"), List.of("rmi", "-f", "busy", "a"),
                List.of("image", "rm", "--no-prune", "a"))) {
            Pair p = both(Optional.of("1.45"), script, args.toArray(String[]::new));
            assertSame(String.join(" ", args), p.berth(), p.docker());
            sameRequests(p);
        }
    }

    @Test
    void push_streamWithAux_andTagQuery() {
        Function<Request, Response> script = r -> Response.stream(
                "{\"status\":\"The push refers to repository [localhost:5000/team/app]\"}",
                "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
                "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":512,\"total\":1024},\"id\":\"aaaaaaaaaaaa\"}",
                "{\"status\":\"Mounted from library/app\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
                "{\"status\":\"v1: digest: " + DIGEST + " size: 526\"}",
                "{\"progressDetail\":{},\"aux\":{\"Tag\":\"v1\",\"Digest\":\"" + DIGEST + "\",\"Size\":526}}");
        for (List<String> args : List.of(List.of("push", "localhost:5000/team/app:v1"),
                List.of("push", "localhost:5000/team/app"), List.of("push", "-q", "localhost:5000/team/app:v1"),
                List.of("push", "-a", "localhost:5000/team/app"), List.of("push", "localhost:5000/team/app@" + DIGEST))) {
            Pair p = both(Optional.of("1.45"), script, args.toArray(String[]::new));
            assertSame(String.join(" ", args), p.berth(), p.docker());
            sameRequests(p);
        }
    }

    @Test
    void systemDf_summary() {
        String df = """
                {"LayersSize":3000000,"Images":[
                  {"Containers":1,"Created":1,"Id":"%s","Size":2000000,"SharedSize":500000,"VirtualSize":2000000},
                  {"Containers":0,"Created":1,"Id":"sha256:22","Size":1000000,"SharedSize":0,"VirtualSize":1000000}],
                 "Containers":[{"Id":"c1","State":"running","SizeRw":4096},{"Id":"c2","State":"exited","SizeRw":1024}],
                 "Volumes":[{"Name":"v","UsageData":{"RefCount":0,"Size":2048}},
                            {"Name":"w","UsageData":{"RefCount":1,"Size":-1}}],
                 "BuildCache":[{"ID":"b","InUse":false,"Shared":false,"Size":777}]}
                """.formatted(ID);
        Pair p = both(Optional.of("1.45"), r -> Response.json(200, df), "system", "df");
        assertSame(p.berth(), p.docker());
        sameRequests(p);
        String detailed = """
                {"LayersSize":3000000,"Images":[
                  {"Containers":1,"Created":1600000000,"Id":"%1$s","Size":2000000,"SharedSize":500000,
                   "VirtualSize":2000000,"RepoTags":["demo:latest"],"RepoDigests":[]}],
                 "Containers":[{"Id":"%2$s","Names":["/web"],"Image":"demo:latest","ImageID":"%1$s",
                   "Command":"sh -c 'while true; do sleep 1; done'","Created":1600000000,"State":"running",
                   "Status":"Up 2 hours","SizeRw":4096,"Mounts":[{"Type":"volume","Name":"v","Driver":"local"},{"Type":"bind"}]}],
                 "Volumes":[{"Name":"v","Driver":"local","UsageData":{"RefCount":1,"Size":2048}},
                            {"Name":"w","Driver":"local","UsageData":{"RefCount":0,"Size":-1}}],
                 "BuildCache":[{"ID":"abcdefabcdefabcdef","Type":"regular","InUse":false,"Shared":false,
                   "Size":777,"CreatedAt":"2020-01-01T00:00:00Z","LastUsedAt":"2021-01-01T00:00:00Z","UsageCount":3}]}
                """.formatted(ID, "c".repeat(64));
        Pair v = both(Optional.of("1.45"), r -> Response.json(200, detailed), "system", "df", "-v");
        assertSame(v.berth(), v.docker());
    }

    @Test
    void load_jsonStreamOrPlainText() {
        byte[] tar = new byte[4096];
        Pair json = bothWithInput(Optional.of("1.45"), r -> Response.stream(
                "{\"status\":\"Loading layer\",\"progressDetail\":{\"current\":10,\"total\":20},\"id\":\"abc\"}",
                "{\"stream\":\"Loaded image: demo:latest\\n\"}"), tar, "load");
        assertSame(json.berth(), json.docker());
        sameRequests(json);
        assertThat(json.berthRequests().getFirst().body()).hasSize(tar.length);
        Pair text = bothWithInput(Optional.of("1.45"), r -> Response.text(200, "Loaded image ID: " + ID + "\n"), tar,
                "image", "load", "-q");
        assertSame(text.berth(), text.docker());
        sameRequests(text);
    }

    @Test
    void login_storesCredentialsAsDocker() throws Exception {
        Function<Request, Response> ok = r -> Response.json(200, "{\"IdentityToken\":\"\",\"Status\":\"Login Succeeded\"}");
        Pair p = bothWithInput(Optional.of("1.45"), ok, "s3cret\n".getBytes(StandardCharsets.UTF_8),
                "login", "-u", "alice", "--password-stdin", "localhost:5000");
        assertThat(p.berth().out()).isEqualTo(p.docker().out());
        assertThat(p.berth().exit()).isEqualTo(p.docker().exit()).isZero();
        assertThat(new String(p.berthRequests().getFirst().body(), StandardCharsets.UTF_8))
                .isEqualTo(new String(p.dockerRequests().getFirst().body(), StandardCharsets.UTF_8));
        String berthAuths = auths(dir.resolve("berth-config/config.json"));
        assertThat(berthAuths).isEqualTo(auths(dir.resolve("docker-config/config.json")))
                .contains("\"localhost:5000\"", Base64.getEncoder().encodeToString("alice:s3cret".getBytes()));

        Pair out = both(Optional.of("1.45"), ok, "logout", "localhost:5000");
        assertSame(out.berth(), out.docker());
        assertThat(auths(dir.resolve("berth-config/config.json"))).isEqualTo("{}");
    }

    private static String auths(Path config) throws java.io.IOException {
        return dev.berth.oci.spec.Json.MAPPER.readTree(Files.readAllBytes(config)).path("auths").toString();
    }

    @Test
    void info_serverSection() {
        String info = """
                {"Containers":3,"ContainersRunning":1,"ContainersPaused":0,"ContainersStopped":2,"Images":7,
                 "Driver":"overlayfs","DriverStatus":[["driver-type","io.containerd.snapshotter.v1"]],
                 "Plugins":{"Volume":["local"],"Network":["bridge","host"],"Authorization":null,"Log":["json-file"]},
                 "LoggingDriver":"json-file","CgroupDriver":"systemd","CgroupVersion":"2","KernelVersion":"6.1",
                 "OperatingSystem":"Berth","OSType":"linux","Architecture":"x86_64","NCPU":4,"MemTotal":8000000000,
                 "Name":"host","ID":"abc","DockerRootDir":"/var/lib/berth","Debug":false,"Labels":["a=b"],
                 "ExperimentalBuild":false,"ServerVersion":"0.1.0","Runtimes":{"runc":{"path":"runc"}},
                 "DefaultRuntime":"runc","Swarm":{"LocalNodeState":"inactive"},"InitBinary":"",
                 "ContainerdCommit":{"ID":""},"RuncCommit":{"ID":"v1.1"},"InitCommit":{"ID":""},
                 "SecurityOptions":["name=seccomp,profile=builtin","name=cgroupns"],
                 "RegistryConfig":{"InsecureRegistryCIDRs":["127.0.0.0/8","::1/128"],"IndexConfigs":{
                   "docker.io":{"Name":"docker.io","Mirrors":[],"Secure":true,"Official":true}},
                   "Mirrors":["http://127.0.0.1:5001/"]},
                 "LiveRestoreEnabled":false,"Warnings":["WARNING: bridge-nf-call-iptables is disabled"]}
                """;
        Pair p = both(Optional.of("1.45"), r -> Response.json(200, info), "info");
        String berthServer = p.berth().out().substring(p.berth().out().indexOf("\nServer:"));
        String dockerServer = p.docker().out().substring(p.docker().out().indexOf("\nServer:"));
        assertThat(berthServer).isEqualTo(dockerServer);
        assertThat(p.berth().err()).isEqualTo(p.docker().err());
    }

    @Test
    void import_fileOrStdin_withMessageAndChanges() throws Exception {
        Path tar = Files.write(dir.resolve("rootfs.tar"), new byte[2048]);
        Function<Request, Response> script = r -> Response.stream("{\"status\":\"" + ID + "\"}");
        for (List<String> args : List.of(List.of("import", tar.toString()),
                List.of("import", "-m", "a message", "-c", "ENV A=b", "-c", "CMD [\"sh\"]", tar.toString(), "demo:v2"),
                List.of("image", "import", "--platform", "linux/ARM64", "-", "team/app"))) {
            Pair p = bothWithInput(Optional.of("1.45"), script, new byte[2048], args.toArray(String[]::new));
            assertSame(String.join(" ", args), p.berth(), p.docker());
            sameRequests(p);
            assertThat(p.berthRequests().getFirst().body()).hasSize(2048);
        }
    }

    @Test
    void events_linesAndTemplates() {
        Function<Request, Response> script = r -> Response.stream(
                "{\"Type\":\"image\",\"Action\":\"pull\",\"Actor\":{\"ID\":\"demo:latest\","
                        + "\"Attributes\":{\"name\":\"demo\",\"a\":\"1\"}},\"scope\":\"local\","
                        + "\"time\":1700000000,\"timeNano\":1700000000123456789}",
                "{\"Type\":\"image\",\"Action\":\"delete\",\"Actor\":{\"ID\":\"" + ID + "\"},"
                        + "\"scope\":\"local\",\"time\":1700000001}");
        for (List<String> args : List.of(List.of("events", "--since", "1700000000", "--until", "1700000100"),
                List.of("system", "events", "--since", "2023-11-14T22:13:20Z", "--until", "1700000100",
                        "--filter", "type=image", "--format", "{{.Type}}/{{.Action}} {{.Actor.ID}}"))) {
            Pair p = both(Optional.of("1.45"), script, args.toArray(String[]::new));
            assertSame(String.join(" ", args), p.berth(), p.docker());
            sameRequests(p);
        }
    }

    @Test
    void credentialHelper_isAskedAsDockerAsksIt() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path helper = bin.resolve("docker-credential-berthtest");
        Files.writeString(helper, """
                #!/bin/bash
                input=$(cat)
                echo "$1 $input" >> "$CRED_DIR/log"
                case "$1" in
                  store) printf '%s' "$input" > "$CRED_DIR/secret" ;;
                  get) if [ -f "$CRED_DIR/secret" ]; then cat "$CRED_DIR/secret"
                       else echo "credentials not found in native keychain"; exit 1; fi ;;
                  erase) rm -f "$CRED_DIR/secret" ;;
                esac
                """);
        helper.toFile().setExecutable(true);
        Path berthCreds = Files.createDirectories(dir.resolve("berth-creds"));
        Path dockerCreds = Files.createDirectories(dir.resolve("docker-creds"));
        for (String client : List.of("berth-config", "docker-config")) {
            Files.createDirectories(dir.resolve(client));
            Files.writeString(dir.resolve(client).resolve("config.json"), "{\"credsStore\":\"berthtest\"}");
        }
        String path = bin + ":" + System.getenv("PATH");
        Map<String, String> berthEnv = Map.of("PATH", path, "CRED_DIR", berthCreds.toString());
        Map<String, String> dockerEnv = Map.of("PATH", path, "CRED_DIR", dockerCreds.toString());
        Function<Request, Response> daemon = r -> r.path().equals("/auth")
                ? Response.json(200, "{\"IdentityToken\":\"\",\"Status\":\"Login Succeeded\"}")
                : Response.stream(PULL_STREAM);

        Pair login = bothWithEnv(berthEnv, dockerEnv, Optional.of("1.45"), daemon,
                "pw\n".getBytes(StandardCharsets.UTF_8), "login", "-u", "bob", "--password-stdin", "localhost:5000");
        assertSame(login.berth(), login.docker());
        assertThat(dir.resolve("berth-config/config.json"))
                .hasSameTextualContentAs(dir.resolve("docker-config/config.json"));
        Pair pull = bothWithEnv(berthEnv, dockerEnv, Optional.of("1.45"), daemon, new byte[0],
                "pull", "-q", "localhost:5000/team/app");
        sameRequests(pull);
        assertThat(auth(pull.berthRequests().getFirst())).contains("\"username\":\"bob\"", "\"password\":\"pw\"");
        Pair logout = bothWithEnv(berthEnv, dockerEnv, Optional.of("1.45"), daemon, new byte[0],
                "logout", "localhost:5000");
        assertSame(logout.berth(), logout.docker());
        assertThat(Files.readString(berthCreds.resolve("log"))).isEqualTo(Files.readString(dockerCreds.resolve("log")))
                .contains("store {", "get localhost:5000", "erase localhost:5000");
    }
}
