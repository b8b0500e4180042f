package org.kansrijkestart.neo4jserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * A throwaway Neo4j Community server for tests and development: the database as a library with
 * Bolt on 127.0.0.1 only, no HTTP. Prints one line {@code READY bolt://127.0.0.1:PORT} once the
 * database answers queries, and stops cleanly on SIGTERM or when its standard input closes (so a
 * test run that dies takes its server with it).
 *
 * <p>Usage: {@code --port P --data-dir D [--password SECRET] [--page-cache-mb 256]}. With a password,
 * authentication is on and the user {@code neo4j} has that password (as in production); without
 * one, authentication is off.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int port = Integer.parseInt(require(options, "--port"));
        Path home = Path.of(require(options, "--data-dir")).toAbsolutePath();
        String password = options.get("--password");
        long pageCacheMb = Long.parseLong(options.getOrDefault("--page-cache-mb", "256"));
        Files.createDirectories(home);

        SocketAddress address = new SocketAddress("127.0.0.1", port);
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, address)
                .setConfig(BoltConnector.advertised_address, address)
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
                // sized for a 2-core, 24 GiB build machine that also runs the service and a browser
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, ByteUnit.mebiBytes(512))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // the same limit as production (docker-compose.yml)
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(60))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));

        GraphDatabaseService database = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!database.isAvailable(Duration.ofSeconds(120).toMillis())) {
            System.err.println("Neo4j did not become available within 120 s");
            System.exit(1);
        }
        if (password != null) {
            try {
                dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
            } catch (RuntimeException alreadySet) {
                // a restart on the same data directory: Neo4j refuses to set the password it has
                System.err.println("password unchanged: " + alreadySet.getMessage());
            }
        }
        database.executeTransactionally("RETURN 1");
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();

        waitForEndOfInput(System.in);
        System.exit(0); // runs the shutdown hook
    }

    private static void waitForEndOfInput(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // whatever arrives is ignored; only the end of input matters
            }
        } catch (IOException ignored) {
            // a broken pipe means the parent is gone: stop as well
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            System.err.println("usage: start --port P --data-dir D [--password SECRET] [--page-cache-mb 256]");
            System.exit(2);
        }
        return value;
    }
}
