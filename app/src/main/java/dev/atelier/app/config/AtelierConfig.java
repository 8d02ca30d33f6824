package dev.atelier.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * Where Atelier keeps things and which servers it talks to ({@code atelier.*}). Each value
 * has an environment variable: see the README's configuration table.
 *
 * @param data        the data directory: embedded database files, images, models
 * @param databaseUrl {@code DATABASE_URL}; empty starts the embedded PostgreSQL
 * @param redisUrl    {@code REDIS_URL}; empty starts the embedded Redis
 * @param modelDir    {@code MODEL_DIR}; empty uses the tiny model generated under the data directory
 * @param inpaintModelDir {@code INPAINT_MODEL_DIR}: an SD 1.5 inpainting export for inpainting and
 *                    outpainting; empty uses a tiny inpainting model generated under the data directory
 * @param restorationModel {@code RESTORATION_MODEL}: a folder with a seam-restoration ONNX network
 *                    used after in/outpainting instead of the built-in harmonisation; empty for none
 * @param scheduler   {@code ATELIER_SCHEDULER}: DDIM, Euler, Euler a, DPM++ 2M, DPM++ 2M Karras or LCM;
 *                    empty uses the one the model's {@code scheduler_config.json} names; the
 *                    default for a message that names none, when the console sets no default
 * @param role        {@code bot}, {@code worker} or {@code all} (both in one process)
 * @param device      {@code ATELIER_DEVICE}: {@code cpu}, {@code cuda} (or {@code cuda:N}), or {@code auto}
 *                    (the default: CUDA when ONNX Runtime can use it, else the CPU, saying why)
 */
@ConfigurationProperties("atelier")
public record AtelierConfig(@NotBlank String data, @Nullable String databaseUrl, @Nullable String redisUrl,
                            @Nullable String modelDir, @Nullable String inpaintModelDir, @Nullable String restorationModel,
                            @Nullable String scheduler,
                            @NotBlank @Pattern(regexp = "all|bot|worker", message = "must be all, bot or worker") String role,
                            @Nullable @Pattern(regexp = "(?i)|cpu|auto|cuda(:\\d+)?", message = "must be cpu, cuda, cuda:N or auto")
                            String device) {

    public boolean runsWorker() {
        return role.equals("all") || role.equals("worker");
    }
}
