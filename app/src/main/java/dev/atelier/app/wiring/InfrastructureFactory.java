package dev.atelier.app.wiring;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.atelier.app.config.AtelierConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;

import java.time.Duration;

/** PostgreSQL (pooled, migrated) and Redis connections, from {@link Servers}. */
@Factory
public class InfrastructureFactory {

    @Singleton
    @Bean(preDestroy = "close")
    Servers servers(AtelierConfig config) {
        return new Servers(config);
    }

    @Singleton
    @Bean(preDestroy = "close")
    HikariDataSource dataSource(Servers servers) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(servers.jdbcUrl());
        hikari.setMaximumPoolSize(10);
        hikari.setPoolName("atelier");
        hikari.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        HikariDataSource dataSource = new HikariDataSource(hikari);
        // The schema is brought up to date before anything else touches the database.
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    @Singleton
    @Bean(preDestroy = "shutdown")
    RedisClient redisClient(Servers servers) {
        RedisURI uri = RedisURI.create(servers.redisUrl());
        uri.setTimeout(Duration.ofSeconds(10));
        return RedisClient.create(uri);
    }

    @Singleton
    @Bean(preDestroy = "close")
    StatefulRedisConnection<String, String> redisConnection(RedisClient client) {
        return client.connect();
    }
}
