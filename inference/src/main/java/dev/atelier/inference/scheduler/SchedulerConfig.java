package dev.atelier.inference.scheduler;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The training noise schedule of a model, as diffusers writes it to
 * {@code scheduler/scheduler_config.json}. Missing keys take diffusers' defaults, which is why an
 * SD 1.5 config (it names no {@code prediction_type} or {@code timestep_spacing}) reads as
 * epsilon prediction with no spacing of its own: diffusers then gives each scheduler class its own
 * default spacing ("leading" for DDIM and LCM, "linspace" for Euler and DPM-Solver), since
 * {@code from_config} drops the keys a file did not name.
 *
 * @param className        the scheduler the model was published with ({@code PNDMScheduler} for SD 1.5)
 * @param trainTimesteps   {@code num_train_timesteps}
 * @param betaStart        {@code beta_start}
 * @param betaEnd          {@code beta_end}
 * @param betaSchedule     {@code beta_schedule}: {@code scaled_linear} or {@code linear}
 * @param predictionType   what the UNet predicts: {@code epsilon} or {@code v_prediction}
 * @param stepsOffset      {@code steps_offset}, added to "leading" timesteps
 * @param timestepSpacing  {@code leading}, {@code trailing}, {@code linspace}, or {@link #SCHEDULER_DEFAULT}
 *                         when the file names none
 * @param setAlphaToOne    DDIM, LCM: whether the step past the last uses alpha 1 or alphas_cumprod[0]
 * @param useKarrasSigmas  DPM-Solver: {@code use_karras_sigmas}, Karras et al.'s rho = 7 sigma spacing
 * @param originalInferenceSteps LCM: {@code original_inference_steps}, the distillation schedule's length
 * @param timestepScaling  LCM: {@code timestep_scaling} of the consistency boundary condition
 */
public record SchedulerConfig(String className, int trainTimesteps, double betaStart, double betaEnd,
                              String betaSchedule, String predictionType, int stepsOffset,
                              String timestepSpacing, boolean setAlphaToOne, boolean useKarrasSigmas,
                              int originalInferenceSteps, double timestepScaling) {

    /** A {@code timestep_spacing} the config leaves to the scheduler class, as diffusers does. */
    public static final String SCHEDULER_DEFAULT = "default";

    /** Stable Diffusion 1.5's published {@code scheduler_config.json}, with diffusers' defaults filled in. */
    public static final SchedulerConfig STABLE_DIFFUSION_1_5 = new SchedulerConfig(
            "PNDMScheduler", 1000, 0.00085, 0.012, "scaled_linear", "epsilon", 1, SCHEDULER_DEFAULT, false,
            false, 50, 10.0);

    public SchedulerConfig {
        predictionType = predictionType.toLowerCase(Locale.ROOT);
        timestepSpacing = timestepSpacing.toLowerCase(Locale.ROOT);
        if (!predictionType.equals("epsilon") && !predictionType.equals("v_prediction")) {
            throw new IllegalArgumentException("prediction_type " + predictionType + " is not supported");
        }
        if (!betaSchedule.equals("scaled_linear") && !betaSchedule.equals("linear")) {
            throw new IllegalArgumentException("beta_schedule " + betaSchedule + " is not supported");
        }
        if (!Set.of("leading", "trailing", "linspace", SCHEDULER_DEFAULT).contains(timestepSpacing)) {
            throw new IllegalArgumentException("timestep_spacing " + timestepSpacing + " is not supported");
        }
        if (originalInferenceSteps < 1 || originalInferenceSteps > trainTimesteps) {
            throw new IllegalArgumentException("original_inference_steps must be in 1.." + trainTimesteps);
        }
    }

    /** The spacing this config names, or {@code schedulerDefault} when it leaves it to the scheduler. */
    public String timestepSpacingOr(String schedulerDefault) {
        return timestepSpacing.equals(SCHEDULER_DEFAULT) ? schedulerDefault : timestepSpacing;
    }

    public boolean velocityPrediction() {
        return predictionType.equals("v_prediction");
    }

    public SchedulerConfig withTimestepSpacing(String spacing) {
        return new SchedulerConfig(className, trainTimesteps, betaStart, betaEnd, betaSchedule,
                predictionType, stepsOffset, spacing, setAlphaToOne, useKarrasSigmas, originalInferenceSteps,
                timestepScaling);
    }

    public SchedulerConfig withPredictionType(String type) {
        return new SchedulerConfig(className, trainTimesteps, betaStart, betaEnd, betaSchedule,
                type, stepsOffset, timestepSpacing, setAlphaToOne, useKarrasSigmas, originalInferenceSteps,
                timestepScaling);
    }

    public SchedulerConfig withKarrasSigmas(boolean karras) {
        return new SchedulerConfig(className, trainTimesteps, betaStart, betaEnd, betaSchedule,
                predictionType, stepsOffset, timestepSpacing, setAlphaToOne, karras, originalInferenceSteps,
                timestepScaling);
    }

    /** Reads a diffusers {@code scheduler_config.json}; keys it lacks keep SD 1.5's values. */
    public static SchedulerConfig read(Path file) {
        var d = STABLE_DIFFUSION_1_5;
        String className = d.className;
        int trainTimesteps = d.trainTimesteps;
        double betaStart = d.betaStart;
        double betaEnd = d.betaEnd;
        String betaSchedule = d.betaSchedule;
        String predictionType = d.predictionType;
        int stepsOffset = 0;
        String spacing = d.timestepSpacing;
        boolean alphaToOne = true;
        boolean karras = d.useKarrasSigmas;
        int originalSteps = d.originalInferenceSteps;
        double timestepScaling = d.timestepScaling;
        try {
            JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            for (var entry : json.entrySet()) {
                JsonElement v = entry.getValue();
                if (v.isJsonNull()) continue;
                switch (entry.getKey()) {
                    case "_class_name" -> className = v.getAsString();
                    case "num_train_timesteps" -> trainTimesteps = v.getAsInt();
                    case "beta_start" -> betaStart = v.getAsDouble();
                    case "beta_end" -> betaEnd = v.getAsDouble();
                    case "beta_schedule" -> betaSchedule = v.getAsString();
                    case "prediction_type" -> predictionType = v.getAsString();
                    case "steps_offset" -> stepsOffset = v.getAsInt();
                    case "timestep_spacing" -> spacing = v.getAsString();
                    case "set_alpha_to_one" -> alphaToOne = v.getAsBoolean();
                    case "use_karras_sigmas" -> karras = v.getAsBoolean();
                    case "original_inference_steps" -> originalSteps = v.getAsInt();
                    case "timestep_scaling" -> timestepScaling = v.getAsDouble();
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalStateException("not a scheduler config: " + file, e);
        }
        return new SchedulerConfig(className, trainTimesteps, betaStart, betaEnd, betaSchedule,
                predictionType, stepsOffset, spacing, alphaToOne, karras, originalSteps, timestepScaling);
    }
}
