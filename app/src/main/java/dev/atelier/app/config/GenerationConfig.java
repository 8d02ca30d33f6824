package dev.atelier.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

/**
 * Defaults and limits of image jobs and uploads ({@code atelier.generation.*}).
 *
 * @param previewEvery {@code ATELIER_PREVIEW_EVERY}: a preview of the picture so far every that many
 *                     steps of each image, on the job's progress events and at
 *                     {@code GET /api/jobs/{id}/preview}; 0 turns previews off
 * @param defaultStyle {@code ATELIER_DEFAULT_STYLE}: the named style a message that names none runs
 *                     with (one of the presets; empty for none); a message opts out with {@code --style none}
 */
@ConfigurationProperties("atelier.generation")
public record GenerationConfig(@Min(64) @Max(4096) int defaultWidth, @Min(64) @Max(4096) int defaultHeight,
                               @Min(8) int minSize, @Max(8192) int maxSize,
                               @Min(1) int defaultSteps, @Min(1) @Max(1000) int maxSteps,
                               @DecimalMin("0") double defaultGuidance, @DecimalMin("1") double maxGuidance,
                               @DecimalMin("0.01") @DecimalMax("1") double defaultStrength,
                               @Positive int maxTextLength, @Positive long maxUploadBytes,
                               @Positive long maxUploadPixels, @Min(0) int previewEvery,
                               @Nullable String defaultStyle) {
}
