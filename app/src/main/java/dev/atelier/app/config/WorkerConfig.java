package dev.atelier.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * The job worker ({@code atelier.worker.*}).
 *
 * @param name        a name stable across restarts: a restarted worker finishes its own jobs at once
 * @param concurrency jobs run at the same time in this process
 * @param lease       how long a running job is this worker's before another may take it
 * @param claimAfter  how long a stream entry may sit unacknowledged before another worker takes it
 * @param threads     ONNX Runtime threads per job (0 = all cores)
 * @param maxLoadedModels {@code ATELIER_MAX_LOADED_MODELS}: model folders kept loaded at once, the
 *                    configured ones included (they always stay); past it, the named model used
 *                    longest ago is unloaded
 */
@ConfigurationProperties("atelier.worker")
public record WorkerConfig(@NotBlank String name, @Min(1) @Max(64) int concurrency, @NotNull Duration lease,
                           @NotNull Duration claimAfter, @Min(0) int threads, @Min(1) int maxLoadedModels) {
}
