package dev.atelier.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * The prompt model ({@code atelier.mllm.*}). With no {@code url}, the built-in offline refiner
 * writes the prompts.
 *
 * @param url     {@code MLLM_URL}: an OpenAI-compatible base URL such as {@code http://localhost:8000/v1}
 * @param model   {@code MLLM_MODEL}: the model name the server knows
 * @param apiKey  {@code MLLM_API_KEY}: sent as a bearer token when set
 */
@ConfigurationProperties("atelier.mllm")
public record MllmConfig(@Nullable String url, @Nullable String model, @Nullable String apiKey,
                         @NotNull Duration timeout, @Min(0) int maxRetries) {
}
