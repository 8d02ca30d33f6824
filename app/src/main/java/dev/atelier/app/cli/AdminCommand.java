package dev.atelier.app.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.atelier.admin.account.AdminAccounts;
import dev.atelier.admin.account.Role;
import dev.atelier.app.embedded.EmbeddedPostgresServer;
import dev.atelier.app.wiring.Servers;
import org.flywaydb.core.Flyway;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./atelier admin create-user NAME [--role admin|moderator]} and
 * {@code ./atelier admin reset-password NAME}: talks to the database Atelier uses
 * ({@code DATABASE_URL}, or the embedded one under {@code ATELIER_DATA}, default {@code data}),
 * the running server's when Atelier is up, a briefly started one when it is not; brings the
 * schema up to date and prints the account's one-time password.
 */
public final class AdminCommand {

    private AdminCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !(args.getFirst().equals("create-user") || args.getFirst().equals("reset-password"))
                || args.size() < 2) {
            err.println("usage: ./atelier admin create-user NAME [--role admin|moderator]");
            err.println("       ./atelier admin reset-password NAME");
            return 2;
        }
        String name = args.get(1);
        Role role = Role.ADMIN;
        for (int i = 2; i < args.size(); i++) {
            if (args.get(i).equals("--role") && i + 1 < args.size()) {
                String wanted = args.get(++i);
                role = Role.byWireName(wanted).orElse(null);
                if (role == null) {
                    err.println("atelier admin: --role is admin or moderator; got '" + wanted + "'");
                    return 2;
                }
            } else {
                err.println("atelier admin: unknown argument '" + args.get(i) + "'");
                return 2;
            }
        }
        try {
            AdminAccounts.requireName(name);
        } catch (IllegalArgumentException e) {
            err.println("atelier admin: " + e.getMessage());
            return 2;
        }
        String databaseUrl = env("DATABASE_URL");
        Path data = Path.of(Optional.ofNullable(env("ATELIER_DATA")).orElse("data")).toAbsolutePath();
        EmbeddedPostgresServer started = null;
        String jdbcUrl;
        if (databaseUrl != null) {
            jdbcUrl = Servers.jdbcUrl(databaseUrl);
        } else {
            Optional<Integer> running = runningEmbeddedPort(data.resolve("postgres"));
            if (running.isPresent()) {
                jdbcUrl = "jdbc:postgresql://127.0.0.1:" + running.get() + "/postgres?user=postgres";
            } else {
                started = EmbeddedPostgresServer.start(data.resolve("postgres"),
                        Path.of(System.getProperty("java.io.tmpdir"), "atelier-postgres-bin"));
                jdbcUrl = started.jdbcUrl();
            }
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setMaximumPoolSize(2);
        try (HikariDataSource dataSource = new HikariDataSource(hikari)) {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            AdminAccounts accounts = new AdminAccounts(dataSource);
            String password;
            if (args.getFirst().equals("create-user")) {
                password = accounts.create(name, role);
                record(dataSource, "admin.create", name, role.wireName());
                out.println("Created " + role.wireName() + " '" + name + "'.");
            } else {
                password = accounts.resetPassword(name);
                record(dataSource, "admin.reset", name, null);
                out.println("New one-time password for '" + name + "'.");
            }
            out.println("One-time password: " + password);
            out.println("Sign in at /admin/login; you will choose your own password then.");
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("atelier admin: " + e.getMessage());
            return 1;
        } finally {
            if (started != null) started.close();
        }
    }

    private static void record(javax.sql.DataSource dataSource, String action, String name, String detail) {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("INSERT INTO audit_log (actor, action, subject, detail) VALUES ('cli', ?, ?, ?)")) {
            ps.setString(1, action);
            ps.setString(2, "admin:" + name);
            ps.setString(3, detail);
            ps.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not write the audit log", e);
        }
    }

    /**
     * The port of the embedded PostgreSQL a running Atelier started on this data directory
     * (postmaster.pid's fourth line), when its process is alive: the command must not start a
     * second server on the same files, nor stop the running one.
     */
    static Optional<Integer> runningEmbeddedPort(Path dataDir) {
        try {
            Path pid = dataDir.resolve("postmaster.pid");
            if (!Files.exists(pid)) return Optional.empty();
            List<String> lines = Files.readAllLines(pid);
            long process = Long.parseLong(lines.getFirst().strip());
            if (ProcessHandle.of(process).map(ProcessHandle::isAlive).orElse(false) && lines.size() > 3) {
                return Optional.of(Integer.parseInt(lines.get(3).strip()));
            }
        } catch (Exception e) {
            // No usable pid file: nothing is running there.
        }
        return Optional.empty();
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
