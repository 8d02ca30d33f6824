package dev.atelier.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * The optional image-safety classifier ({@code atelier.safety.*}; e.g. {@code ATELIER_SAFETY_MODEL}).
 * With no model set and no {@code safety/model.onnx} in the model folder, no check runs.
 *
 * @param model       an ONNX image classifier: a {@code .onnx} file or a folder with {@code model.onnx};
 *                    empty looks for {@code <MODEL_DIR>/safety/model.onnx}
 * @param action      {@code blur}, {@code block} or {@code flag}: what happens to an image scored unsafe
 * @param threshold   a score (the unsafe class's probability) at or over it is unsafe
 * @param unsafeIndex the unsafe class's index in the classifier's output
 * @param input       the classifier's image input ({@code pixel_values} in Hugging Face exports)
 * @param size        the image side when the model leaves its input size open
 * @param mean        per-channel (R, G, B) mean subtracted from pixels scaled to [0, 1]
 * @param std         per-channel standard deviation they are divided by
 */
@ConfigurationProperties("atelier.safety")
public record SafetyConfig(@Nullable String model,
                           @NotBlank @Pattern(regexp = "blur|block|flag", message = "must be blur, block or flag") String action,
                           @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") double threshold,
                           @Min(0) int unsafeIndex,
                           @NotBlank String input,
                           @Min(8) int size,
                           @NotNull @Size(min = 3, max = 3) List<Double> mean,
                           @NotNull @Size(min = 3, max = 3) List<Double> std) {
}
