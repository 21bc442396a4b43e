package coordreg.testserver;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.Transaction;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Hosts several independent embedded Neo4j servers (one DBMS each) in one JVM, for tests.
 *
 * <p>Line protocol. stdout carries only the protocol; everything else goes to stderr or to log files.
 *
 * <pre>
 *   launcher -> "ready"                      once, after the --start servers are up
 *   "start NAME"  -> "started NAME PORT"     Bolt on 127.0.0.1:PORT (again if NAME already runs)
 *                 -> "error NAME MESSAGE"
 *   "stop NAME"   -> "stopped NAME"          also when NAME was not running
 *   "ping"        -> "pong"
 *   anything else -> "error - MESSAGE"
 *   EOF on stdin, SIGTERM or SIGINT: every server is shut down, then exit 0.
 * </pre>
 *
 * <p>Arguments: {@code --root DIR} (server NAME lives in DIR/NAME, required), {@code --plugins DIR}
 * (default: the build's plugins folder), {@code --setting key=value} and {@code --start NAME}, both
 * repeatable. The password of the {@code neo4j} user comes from the environment variable
 * {@code COORDREG_NEO4J_PASSWORD} (at least 8 characters).
 */
public final class Neo4jTestServer {
    static final String PASSWORD_VARIABLE = "COORDREG_NEO4J_PASSWORD";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern SETTING_KEY = Pattern.compile("[A-Za-z0-9_.]+");

    private final Path root;
    private final String password;
    private final Map<String, String> settings;
    private final PrintStream protocol;
    private final Object lock = new Object();
    private final Map<String, Server> servers = new LinkedHashMap<>();
    private boolean closed;

    private record Server(DatabaseManagementService dbms, int port) {}

    private Neo4jTestServer(Path root, String password, Map<String, String> settings, PrintStream protocol) {
        this.root = root;
        this.password = password;
        this.settings = settings;
        this.protocol = protocol;
    }

    /** The settings every server gets unless a --setting overrides them. */
    private static Map<String, String> defaultSettings(Path plugins) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("server.bolt.enabled", "true");
        s.put("server.bolt.listen_address", "127.0.0.1:0");
        s.put("server.http.enabled", "false");
        s.put("server.https.enabled", "false");
        // Server-side routing would open a second connector on localhost:7688 in every DBMS.
        s.put("dbms.routing.enabled", "false");
        s.put("dbms.security.auth_enabled", "true");
        s.put("server.directories.plugins", plugins.toString());
        s.put("dbms.security.procedures.unrestricted", "apoc.*");
        s.put("server.memory.pagecache.size", "32m");
        s.put("db.memory.pagecache.warmup.enable", "false");
        s.put("db.transaction.timeout", "60s");
        s.put("db.memory.transaction.max", "256m");
        s.put("dbms.memory.transaction.total.max", "512m");
        // Small transaction log files, not preallocated (the default preallocates 256 MB per database).
        s.put("db.tx_log.preallocate", "false");
        s.put("db.tx_log.rotation.size", "8m");
        s.put("db.tx_log.rotation.retention_policy", "2 files");
        s.put("server.bolt.thread_pool_min_size", "1");
        s.put("db.shutdown_transaction_end_timeout", "3s");
        // A test server fetches no URL: LOAD CSV and apoc.load.* are refused every address.
        s.put("internal.dbms.cypher_ip_blocklist", "0.0.0.0/0,::/0");

        // Settings that only some Neo4j versions know (unknown names fail the start): set where declared.
        Set<String> declared = Config.newBuilder().build().getDeclaredSettings().keySet();
        Map<String, String> optional = new LinkedHashMap<>();
        // No phoning home: usage reports, client telemetry; calendar versions' fleet discovery broadcasts
        // and Aura fleet manager.
        optional.put("dbms.usage_report.enabled", "false");
        optional.put("client.allow_telemetry", "false");
        optional.put("server.fleet_discovery.enabled", "false");
        optional.put("dbms.fleet_manager.enabled", "false");
        // Shutdown speed: netty's default quiet period (5 s, twice) dominates a DBMS's shutdown otherwise.
        if (declared.contains("internal.dbms.bolt.netty_server_shutdown_quiet_period_duration")) {
            optional.put("internal.dbms.bolt.netty_server_shutdown_quiet_period_duration", "0s");
        } else {
            optional.put("internal.dbms.bolt.netty_server_shutdown_quiet_period", "0");
        }
        optional.forEach((key, value) -> {
            if (declared.contains(key)) {
                s.put(key, value);
            }
        });
        return s;
    }

    // ---- commands ----

    private String start(String name) {
        if (!NAME.matcher(name).matches()) {
            return "error - invalid server name";
        }
        synchronized (lock) {
            if (closed) {
                return "error " + name + " the launcher is shutting down";
            }
            Server running = servers.get(name);
            if (running != null) {
                return "started " + name + " " + running.port();
            }
            DatabaseManagementService dbms = null;
            try {
                Path home = root.resolve(name);
                Files.createDirectories(home);
                Path conf = home.resolve("neo4j.conf");
                writeConf(conf);
                dbms = new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(conf).build();
                setPassword(dbms);
                int port = boltPort(dbms);
                servers.put(name, new Server(dbms, port));
                return "started " + name + " " + port;
            } catch (Throwable e) {
                System.err.println("coordreg launcher: start " + name + " failed");
                e.printStackTrace();
                if (dbms != null) {
                    try {
                        dbms.shutdown();
                    } catch (Throwable again) {
                        again.printStackTrace();
                    }
                }
                return "error " + name + " " + oneLine(e);
            }
        }
    }

    private String stop(String name) {
        if (!NAME.matcher(name).matches()) {
            return "error - invalid server name";
        }
        Server server;
        synchronized (lock) {
            server = servers.remove(name);
            if (server != null) {
                try {
                    server.dbms().shutdown();
                } catch (Throwable e) {
                    e.printStackTrace();
                    return "error " + name + " " + oneLine(e);
                }
            }
        }
        return "stopped " + name;
    }

    /** Shuts every server down; later start commands are refused. Safe to call more than once. */
    private void shutdownAll() {
        synchronized (lock) {
            closed = true;
            List<String> names = new ArrayList<>(servers.keySet());
            for (String name : names) {
                Server server = servers.remove(name);
                try {
                    server.dbms().shutdown();
                } catch (Throwable e) {
                    System.err.println("coordreg launcher: shutting down " + name + " failed");
                    e.printStackTrace();
                }
            }
        }
    }

    private String handle(String line) {
        String[] words = line.trim().split("\\s+");
        if (words.length == 1 && words[0].equals("ping")) {
            return "pong";
        }
        if (words.length == 2 && words[0].equals("start")) {
            return start(words[1]);
        }
        if (words.length == 2 && words[0].equals("stop")) {
            return stop(words[1]);
        }
        return "error - unknown command: " + oneLine(line);
    }

    private void reply(String line) {
        synchronized (protocol) {
            protocol.print(line + "\n");
            protocol.flush();
        }
    }

    // ---- helpers ----

    private void writeConf(Path conf) throws IOException {
        StringBuilder text = new StringBuilder("# Written by coordreg's Neo4j test launcher at each start.\n");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            text.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        Files.writeString(conf, text.toString(), StandardCharsets.UTF_8);
    }

    private void setPassword(DatabaseManagementService dbms) {
        // An explicit timeout: a configured db.transaction.timeout shorter than the first (cold) Cypher
        // compilation in this JVM would otherwise terminate it.
        try (Transaction tx = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).beginTx(10, TimeUnit.MINUTES)) {
            tx.execute("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password)).close();
            tx.commit();
        } catch (RuntimeException e) {
            // A restarted server already has this password, and Neo4j refuses to "change" it to itself.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static int boltPort(DatabaseManagementService dbms) {
        GraphDatabaseAPI system = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        ConnectorPortRegister ports = system.getDependencyResolver().resolveDependency(ConnectorPortRegister.class);
        HostnamePort address = ports.getLocalAddress(ConnectorType.BOLT);
        if (address == null || address.getPort() <= 0) {
            throw new IllegalStateException("the Bolt connector did not report a bound port");
        }
        return address.getPort();
    }

    private static String oneLine(Object message) {
        String text = message instanceof Throwable t ? describe(t) : String.valueOf(message);
        text = text.replaceAll("[\\r\\n\\t]+", " ").trim();
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }

    /** The throwable's own message plus its root cause's, which is usually the telling one. */
    private static String describe(Throwable t) {
        Throwable rootCause = t;
        while (rootCause.getCause() != null && rootCause.getCause() != rootCause) {
            rootCause = rootCause.getCause();
        }
        String own = t.getClass().getSimpleName() + ": " + t.getMessage();
        if (rootCause == t) {
            return own;
        }
        return own + " (caused by " + rootCause.getClass().getSimpleName() + ": " + rootCause.getMessage() + ")";
    }

    private static Path defaultPlugins() {
        try {
            // target/classes -> target/plugins
            Path classes = Path.of(Neo4jTestServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().resolve("plugins");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("plugins").toAbsolutePath();
        }
    }

    private static void usage(String problem) {
        System.err.println("coordreg launcher: " + problem);
        System.err.println("usage: Neo4jTestServer --root DIR [--plugins DIR] [--setting key=value]... [--start NAME]...");
        System.err.println("       the neo4j user's password comes from $" + PASSWORD_VARIABLE + " (8 characters or more)");
        System.exit(2);
    }

    @SuppressWarnings("removal")
    private static void onSignal(String signal, Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> action.run());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            System.err.println("coordreg launcher: cannot handle SIG" + signal + ": " + e.getMessage());
        }
    }

    public static void main(String[] args) {
        // stdout is the protocol channel: keep it for that alone, and send whatever else anything in
        // this JVM prints to System.out (Neo4j, its plugins, their libraries) to stderr.
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);

        Path root = null;
        Path plugins = null;
        Map<String, String> extra = new LinkedHashMap<>();
        List<String> toStart = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                usage("help");
            }
            if (i + 1 >= args.length) {
                usage("missing value after " + arg);
            }
            String value = args[++i];
            switch (arg) {
                case "--root" -> root = Path.of(value).toAbsolutePath();
                case "--plugins" -> plugins = Path.of(value).toAbsolutePath();
                case "--start" -> {
                    if (!NAME.matcher(value).matches()) {
                        usage("invalid server name: " + value);
                    }
                    toStart.add(value);
                }
                case "--setting" -> {
                    int eq = value.indexOf('=');
                    String key = eq < 0 ? "" : value.substring(0, eq).trim();
                    if (!SETTING_KEY.matcher(key).matches() || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                        usage("a setting must be key=value on one line: " + value);
                    }
                    extra.put(key, value.substring(eq + 1).trim());
                }
                default -> usage("unknown argument: " + arg);
            }
        }
        if (root == null) {
            usage("--root DIR is required");
        }
        String password = System.getenv(PASSWORD_VARIABLE);
        if (password == null || password.length() < 8) {
            usage("$" + PASSWORD_VARIABLE + " must be set to a password of 8 characters or more");
        }
        Map<String, String> settings = defaultSettings(plugins != null ? plugins : defaultPlugins());
        settings.putAll(extra);

        Neo4jTestServer launcher = new Neo4jTestServer(root, password, settings, protocol);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            usage("cannot create " + root + ": " + e.getMessage());
        }
        // SIGTERM / SIGINT: shut down cleanly and exit 0. The hook covers other orderly exits (SIGHUP...).
        Runnable stopAndExit = () -> {
            launcher.shutdownAll();
            System.exit(0);
        };
        onSignal("TERM", stopAndExit);
        onSignal("INT", stopAndExit);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::shutdownAll, "coordreg-launcher-shutdown"));

        for (String name : toStart) {
            launcher.reply(launcher.start(name));
        }
        launcher.reply("ready");

        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    launcher.reply(launcher.handle(line));
                }
            }
        } catch (IOException e) {
            System.err.println("coordreg launcher: reading stdin failed: " + e);
        }
        launcher.shutdownAll();
        System.exit(0);
    }
}
