package dev.atelier.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

/** Defaults and limits of image jobs and uploads ({@code atelier.generation.*}). */
@ConfigurationProperties("atelier.generation")
public record GenerationConfig(@Min(64) @Max(4096) int defaultWidth, @Min(64) @Max(4096) int defaultHeight,
                               @Min(8) int minSize, @Max(8192) int maxSize,
                               @Min(1) int defaultSteps, @Min(1) @Max(1000) int maxSteps,
                               @DecimalMin("0") double defaultGuidance, @DecimalMin("1") double maxGuidance,
                               @DecimalMin("0.01") @DecimalMax("1") double defaultStrength,
                               @Positive int maxTextLength, @Positive long maxUploadBytes,
                               @Positive long maxUploadPixels) {
}
