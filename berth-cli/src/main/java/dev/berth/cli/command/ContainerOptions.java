package dev.berth.cli.command;

import dev.berth.cli.command.Flag.Kind;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The flags {@code berth create} and {@code berth run} share: what the container is (docker's
 * {@code ContainerOptions}). {@link CreateBody} turns them into the {@code POST /containers/create} body. Described
 * as {@link Flag}s (see {@link SpecifiedCommand}), read back from the parsed model by {@link #of}.
 */
final class ContainerOptions {
    String name;
    boolean interactive;
    boolean tty;
    List<String> attach = new ArrayList<>();
    boolean autoRemove;
    List<String> env = new ArrayList<>();
    List<String> envFiles = new ArrayList<>();
    String workdir = "";
    String user = "";
    String entrypoint;
    String restart = "no";
    String healthCmd = "";
    String healthInterval;
    String healthRetries;
    String healthTimeout;
    String healthStartPeriod;
    String healthStartInterval;
    boolean noHealthcheck;
    String stopSignal = "";
    String stopTimeout;
    String memory;
    String memorySwap;
    String cpus;
    String cpuShares;
    String pidsLimit;
    List<String> ulimits = new ArrayList<>();
    boolean init;
    boolean privileged;
    List<String> capAdd = new ArrayList<>();
    List<String> capDrop = new ArrayList<>();
    boolean readOnly;
    String runtime = "";
    List<String> publish = new ArrayList<>();
    boolean publishAll;
    List<String> expose = new ArrayList<>();
    String network;
    List<String> networkAliases = new ArrayList<>();
    List<String> volumes = new ArrayList<>();
    List<String> mounts = new ArrayList<>();
    List<String> tmpfs = new ArrayList<>();
    String hostname = "";
    String domainname = "";
    List<String> addHosts = new ArrayList<>();
    List<String> dns = new ArrayList<>();
    List<String> dnsSearch = new ArrayList<>();
    List<String> dnsOptions = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    String shmSize;
    List<String> securityOpts = new ArrayList<>();
    String logDriver = "";
    String cidFile = "";
    String pid = "";
    String ipc = "";
    String uts = "";
    List<String> groupAdd = new ArrayList<>();
    List<String> devices = new ArrayList<>();
    String platform = "";
    String pull = "missing";
    boolean quiet;
    boolean disableContentTrust;

    private static final List<Flag> FLAGS = List.of(
            new Flag(Kind.STRING, "string", "Assign a name to the container", "--name"),
            new Flag(Kind.FLAG, "", "Keep STDIN open even if not attached", "-i", "--interactive"),
            new Flag(Kind.FLAG, "", "Allocate a pseudo-TTY", "-t", "--tty"),
            new Flag(Kind.LIST, "list", "Attach to STDIN, STDOUT or STDERR", "-a", "--attach"),
            new Flag(Kind.FLAG, "", "Automatically remove the container and its associated anonymous volumes when it exits", "--rm"),
            new Flag(Kind.LIST, "list", "Set environment variables", "-e", "--env"),
            new Flag(Kind.LIST, "list", "Read in a file of environment variables", "--env-file"),
            new Flag(Kind.STRING, "string", "Working directory inside the container", "-w", "--workdir"),
            new Flag(Kind.STRING, "string", "Username or UID (format: <name|uid>[:<group|gid>])", "-u", "--user"),
            new Flag(Kind.STRING, "string", "Overwrite the default ENTRYPOINT of the image", "--entrypoint"),
            new Flag(Kind.STRING, "string", "Restart policy to apply when a container exits (default \"no\")", "--restart"),
            new Flag(Kind.STRING, "string", "Command to run to check health", "--health-cmd"),
            new Flag(Kind.STRING, "duration", "Time between running the check (ms|s|m|h) (default 0s)", "--health-interval"),
            new Flag(Kind.STRING, "int", "Consecutive failures needed to report unhealthy", "--health-retries"),
            new Flag(Kind.STRING, "duration", "Maximum time to allow one check to run (ms|s|m|h) (default 0s)", "--health-timeout"),
            new Flag(Kind.STRING, "duration", "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)", "--health-start-period"),
            new Flag(Kind.STRING, "duration", "Time between running the check during the start period (ms|s|m|h) (default 0s)", "--health-start-interval"),
            new Flag(Kind.FLAG, "", "Disable any container-specified HEALTHCHECK", "--no-healthcheck"),
            new Flag(Kind.STRING, "string", "Signal to stop the container", "--stop-signal"),
            new Flag(Kind.STRING, "int", "Timeout (in seconds) to stop a container", "--stop-timeout"),
            new Flag(Kind.STRING, "bytes", "Memory limit", "-m", "--memory"),
            new Flag(Kind.STRING, "bytes", "Swap limit equal to memory plus swap: '-1' to enable unlimited swap", "--memory-swap"),
            new Flag(Kind.STRING, "decimal", "Number of CPUs", "--cpus"),
            new Flag(Kind.STRING, "int", "CPU shares (relative weight)", "-c", "--cpu-shares"),
            new Flag(Kind.STRING, "int", "Tune container pids limit (set -1 for unlimited)", "--pids-limit"),
            new Flag(Kind.LIST, "ulimit", "Ulimit options", "--ulimit"),
            new Flag(Kind.FLAG, "", "Run an init inside the container that forwards signals and reaps processes", "--init"),
            new Flag(Kind.FLAG, "", "Give extended privileges to this container", "--privileged"),
            new Flag(Kind.LIST, "list", "Add Linux capabilities", "--cap-add"),
            new Flag(Kind.LIST, "list", "Drop Linux capabilities", "--cap-drop"),
            new Flag(Kind.FLAG, "", "Mount the container's root filesystem as read only", "--read-only"),
            new Flag(Kind.STRING, "string", "Runtime to use for this container", "--runtime"),
            new Flag(Kind.LIST, "list", "Publish a container's port(s) to the host", "-p", "--publish"),
            new Flag(Kind.FLAG, "", "Publish all exposed ports to random ports", "-P", "--publish-all"),
            new Flag(Kind.LIST, "list", "Expose a port or a range of ports", "--expose"),
            new Flag(Kind.STRING, "network", "Connect a container to a network", "--network", "--net"),
            new Flag(Kind.LIST, "list", "Add network-scoped alias for the container", "--network-alias", "--net-alias"),
            new Flag(Kind.LIST, "list", "Bind mount a volume", "-v", "--volume"),
            new Flag(Kind.LIST, "mount", "Attach a filesystem mount to the container", "--mount"),
            new Flag(Kind.LIST, "list", "Mount a tmpfs directory", "--tmpfs"),
            new Flag(Kind.STRING, "string", "Container host name", "-h", "--hostname"),
            new Flag(Kind.STRING, "string", "Container NIS domain name", "--domainname"),
            new Flag(Kind.LIST, "list", "Add a custom host-to-IP mapping (host:ip)", "--add-host"),
            new Flag(Kind.LIST, "list", "Set custom DNS servers", "--dns"),
            new Flag(Kind.LIST, "list", "Set custom DNS search domains", "--dns-search"),
            new Flag(Kind.LIST, "list", "Set DNS options", "--dns-option"),
            new Flag(Kind.LIST, "list", "Set meta data on a container", "-l", "--label"),
            new Flag(Kind.STRING, "bytes", "Size of /dev/shm", "--shm-size"),
            new Flag(Kind.LIST, "list", "Security Options", "--security-opt"),
            new Flag(Kind.STRING, "string", "Logging driver for the container", "--log-driver"),
            new Flag(Kind.STRING, "string", "Write the container ID to the file", "--cidfile"),
            new Flag(Kind.STRING, "string", "PID namespace to use", "--pid"),
            new Flag(Kind.STRING, "string", "IPC mode to use", "--ipc"),
            new Flag(Kind.STRING, "string", "UTS namespace to use", "--uts"),
            new Flag(Kind.LIST, "list", "Add additional groups to join", "--group-add"),
            new Flag(Kind.LIST, "list", "Add a host device to the container", "--device"),
            new Flag(Kind.STRING, "string", "Set platform if server is multi-platform capable", "--platform"),
            new Flag(Kind.STRING, "string", "Pull image before running (\"always\", \"missing\", \"never\") (default \"missing\")", "--pull"),
            new Flag(Kind.FLAG, "", "Suppress the pull output", "-q", "--quiet"),
            new Flag(Kind.FLAG_DEFAULT_TRUE, "<disableContentTrust>", "Skip image verification (default true)", "--disable-content-trust"));

    /** Adds the flags (and {@code --help}) to a command's model. */
    static void addTo(CommandSpec spec) {
        for (Flag flag : FLAGS) {
            spec.addOption(flag.option());
        }
        spec.addOption(OptionSpec.builder("--help").usageHelp(true).description("Print usage").build());
    }

    /** The values parsed into the options {@link #addTo} added; a flag not given keeps its default. */
    static ContainerOptions of(CommandSpec spec) {
        ContainerOptions options = new ContainerOptions();
        for (Flag flag : FLAGS) {
            Object value = Flag.option(spec, flag.key()).getValue();
            if (value != null) {
                options.set(flag.key(), value);
            }
        }
        return options;
    }

    private void set(String key, Object value) {
        switch (key) {
            case "--name" -> name = (String) value;
            case "-i" -> interactive = (Boolean) value;
            case "-t" -> tty = (Boolean) value;
            case "-a" -> attach = strings(value);
            case "--rm" -> autoRemove = (Boolean) value;
            case "-e" -> env = strings(value);
            case "--env-file" -> envFiles = strings(value);
            case "-w" -> workdir = (String) value;
            case "-u" -> user = (String) value;
            case "--entrypoint" -> entrypoint = (String) value;
            case "--restart" -> restart = (String) value;
            case "--health-cmd" -> healthCmd = (String) value;
            case "--health-interval" -> healthInterval = (String) value;
            case "--health-retries" -> healthRetries = (String) value;
            case "--health-timeout" -> healthTimeout = (String) value;
            case "--health-start-period" -> healthStartPeriod = (String) value;
            case "--health-start-interval" -> healthStartInterval = (String) value;
            case "--no-healthcheck" -> noHealthcheck = (Boolean) value;
            case "--stop-signal" -> stopSignal = (String) value;
            case "--stop-timeout" -> stopTimeout = (String) value;
            case "-m" -> memory = (String) value;
            case "--memory-swap" -> memorySwap = (String) value;
            case "--cpus" -> cpus = (String) value;
            case "-c" -> cpuShares = (String) value;
            case "--pids-limit" -> pidsLimit = (String) value;
            case "--ulimit" -> ulimits = strings(value);
            case "--init" -> init = (Boolean) value;
            case "--privileged" -> privileged = (Boolean) value;
            case "--cap-add" -> capAdd = strings(value);
            case "--cap-drop" -> capDrop = strings(value);
            case "--read-only" -> readOnly = (Boolean) value;
            case "--runtime" -> runtime = (String) value;
            case "-p" -> publish = strings(value);
            case "-P" -> publishAll = (Boolean) value;
            case "--expose" -> expose = strings(value);
            case "--network" -> network = (String) value;
            case "--network-alias" -> networkAliases = strings(value);
            case "-v" -> volumes = strings(value);
            case "--mount" -> mounts = strings(value);
            case "--tmpfs" -> tmpfs = strings(value);
            case "-h" -> hostname = (String) value;
            case "--domainname" -> domainname = (String) value;
            case "--add-host" -> addHosts = strings(value);
            case "--dns" -> dns = strings(value);
            case "--dns-search" -> dnsSearch = strings(value);
            case "--dns-option" -> dnsOptions = strings(value);
            case "-l" -> labels = strings(value);
            case "--shm-size" -> shmSize = (String) value;
            case "--security-opt" -> securityOpts = strings(value);
            case "--log-driver" -> logDriver = (String) value;
            case "--cidfile" -> cidFile = (String) value;
            case "--pid" -> pid = (String) value;
            case "--ipc" -> ipc = (String) value;
            case "--uts" -> uts = (String) value;
            case "--group-add" -> groupAdd = strings(value);
            case "--device" -> devices = strings(value);
            case "--platform" -> platform = (String) value;
            case "--pull" -> pull = (String) value;
            case "-q" -> quiet = (Boolean) value;
            case "--disable-content-trust" -> disableContentTrust = (Boolean) value;
            default -> throw new IllegalArgumentException("no container flag " + key);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return new ArrayList<>((List<String>) value);
    }
}
