package dev.atelier.app.wiring;

import dev.atelier.app.config.AtelierConfig;
import dev.atelier.app.embedded.EmbeddedPostgresServer;
import dev.atelier.app.embedded.EmbeddedRedisServer;

import java.net.URI;
import java.nio.file.Path;

/**
 * The PostgreSQL and Redis Atelier talks to: the ones named by {@code DATABASE_URL} and
 * {@code REDIS_URL}, or embedded ones started here with their data under the data directory.
 */
public final class Servers implements AutoCloseable {

    private final EmbeddedPostgresServer embeddedPostgres;
    private final EmbeddedRedisServer embeddedRedis;
    private final String jdbcUrl;
    private final String redisUrl;

    public Servers(AtelierConfig config) {
        Path data = Path.of(config.data()).toAbsolutePath();
        if (blank(config.databaseUrl())) {
            // Binaries in the temp folder: shared by every data directory, readable by the
            // unprivileged user the server runs as under root.
            embeddedPostgres = EmbeddedPostgresServer.start(data.resolve("postgres"),
                    Path.of(System.getProperty("java.io.tmpdir"), "atelier-postgres-bin"));
            jdbcUrl = embeddedPostgres.jdbcUrl();
        } else {
            embeddedPostgres = null;
            jdbcUrl = jdbcUrl(config.databaseUrl());
        }
        if (blank(config.redisUrl())) {
            embeddedRedis = EmbeddedRedisServer.start(data.resolve("redis"));
            redisUrl = embeddedRedis.url();
        } else {
            embeddedRedis = null;
            redisUrl = config.redisUrl().strip();
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String redisUrl() {
        return redisUrl;
    }

    public boolean embedded() {
        return embeddedPostgres != null || embeddedRedis != null;
    }

    @Override
    public void close() {
        if (embeddedRedis != null) embeddedRedis.close();
        if (embeddedPostgres != null) embeddedPostgres.close();
    }

    /**
     * Accepts the JDBC form and the {@code postgres://user:password@host:port/db} form that
     * hosting platforms hand out.
     */
    public static String jdbcUrl(String url) {
        String u = url.strip();
        if (u.startsWith("jdbc:")) return u;
        if (!u.startsWith("postgres://") && !u.startsWith("postgresql://")) {
            throw new IllegalArgumentException("DATABASE_URL must start with jdbc:postgresql://, postgres:// or postgresql://");
        }
        URI uri = URI.create(u);
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) jdbc.append(':').append(uri.getPort());
        jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath());
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            query = (query.isEmpty() ? "" : query + "&") + "user=" + parts[0] + (parts.length > 1 ? "&password=" + parts[1] : "");
        }
        if (!query.isEmpty()) jdbc.append('?').append(query);
        return jdbc.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
