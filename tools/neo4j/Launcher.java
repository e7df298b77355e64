/*
 * ctgraph development/CI Neo4j server: embedded Neo4j Community with Bolt.
 *
 * Usage: java [--add-opens ...] -cp 'build:lib/*' Launcher <home-dir> <port>
 *
 *   <home-dir>  Neo4j home; databases go to <home-dir>/data, logs to <home-dir>/logs
 *   <port>      Bolt port, bound to 127.0.0.1 only (so is every other listener:
 *               the default listen address is 127.0.0.1 too; HTTP/HTTPS are off)
 *
 * The password of the built-in user "neo4j" is taken from the environment
 * variable NEO4J_PASSWORD (at least 8 characters) and applied on every start
 * with "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED" on the system
 * database. It is never written to the command line or to logs.
 *
 * Normally started through tools/neo4j/server.py, not directly.
 */

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

public final class Launcher {
    private static final String HOST = "127.0.0.1";
    private static final int MIN_PASSWORD_LENGTH = 8;

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Launcher <home-dir> <bolt-port>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);

        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            System.err.println("Error: NEO4J_PASSWORD is not set or shorter than "
                    + MIN_PASSWORD_LENGTH + " characters");
            System.exit(2);
        }

        long t0 = System.nanoTime();
        DatabaseManagementService dbms;
        try {
            dbms = build(home, port);
        } catch (Throwable t) {
            System.err.println("Error: could not start Neo4j: " + t);
            t.printStackTrace();
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("ctgraph-neo4j shutting down");
            System.out.flush();
            try {
                dbms.shutdown();
            } catch (Throwable t) {
                t.printStackTrace();
            }
            stopped.countDown();
        }, "ctgraph-neo4j-shutdown"));

        try {
            setPassword(dbms, password);
            // Fail fast if the default database is not usable.
            dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME)
                    .executeTransactionally("RETURN 1");
        } catch (Throwable t) {
            System.err.println("Error: startup failed: " + t);
            t.printStackTrace();
            System.exit(1); // runs the shutdown hook
        }

        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("ctgraph-neo4j ready bolt://" + HOST + ":" + port + " (" + ms + " ms)");
        System.out.flush();
        stopped.await(); // run until killed; SIGTERM/SIGINT -> shutdown hook
    }

    private static DatabaseManagementService build(Path home, int port) {
        return new DatabaseManagementServiceBuilder(home)
                .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(HOST))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.auth_minimum_password_length, MIN_PASSWORD_LENGTH)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "1 files")
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Bolt's netty event loops otherwise take ~10 s to shut down
                // gracefully (two 5 s waits); a dev/CI server should stop fast.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                .build();
    }

    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (QueryExecutionException e) {
            // Restart with --keep and an unchanged password: nothing to do.
            String msg = String.valueOf(e.getMessage());
            if (!msg.contains("cannot be the same")) {
                throw e;
            }
        }
    }
}
