package dev.atelier.app.health;

import dev.atelier.core.image.ImageGenerator;
import dev.atelier.inference.OnnxImageGenerator;
import io.micronaut.core.annotation.Nullable;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code UP} only when PostgreSQL, Redis and the image model all answer. */
@Controller("/health")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class HealthController {

    private final DataSource dataSource;
    private final StatefulRedisConnection<String, String> redis;
    private final ImageGenerator generator;

    public HealthController(DataSource dataSource, StatefulRedisConnection<String, String> redis,
                            ImageGenerator generator) {
        this.dataSource = dataSource;
        this.redis = redis;
        this.generator = generator;
    }

    /** @param device where the models run ({@code cpu}, {@code cuda:0}); null when this process runs none */
    @Serdeable
    public record Health(String status, Map<String, String> components, @Nullable String device) {
    }

    @Get
    public HttpResponse<Health> health() {
        Map<String, String> components = new LinkedHashMap<>();
        components.put("postgres", check(() -> {
            try (Connection c = dataSource.getConnection()) {
                return c.isValid(2);
            }
        }));
        components.put("redis", check(() -> "PONG".equals(redis.sync().ping())));
        components.put("model", check(generator::ready));
        boolean up = components.values().stream().allMatch("UP"::equals);
        Health health = new Health(up ? "UP" : "DOWN", components,
                generator instanceof OnnxImageGenerator onnx ? onnx.device() : null);
        return up ? HttpResponse.ok(health) : HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body(health);
    }

    private interface Probe {
        boolean ok() throws Exception;
    }

    private static String check(Probe probe) {
        try {
            return probe.ok() ? "UP" : "DOWN";
        } catch (Exception e) {
            return "DOWN";
        }
    }
}
