package dev.atelier.inference.scheduler;

import java.util.Locale;
import java.util.Optional;

/**
 * The samplers Atelier offers; {@link #create(SchedulerConfig, long)} gives a fresh one per job.
 * The stochastic ones (Euler a, LCM) draw their step noise from the seed, so a seed gives one image.
 */
public enum SchedulerKind {
    DDIM("DDIM", false),
    EULER("Euler", false),
    EULER_ANCESTRAL("Euler a", true),
    DPM_PLUS_PLUS_2M("DPM++ 2M", false),
    DPM_PLUS_PLUS_2M_KARRAS("DPM++ 2M Karras", false),
    LCM("LCM", true);

    /** The port bot-core checks names with: display names, and {@link #byName} spellings. */
    public static final dev.atelier.core.image.SchedulerNames NAMES = new dev.atelier.core.image.SchedulerNames() {
        @Override
        public java.util.List<String> names() {
            return java.util.Arrays.stream(values()).map(SchedulerKind::displayName).toList();
        }

        @Override
        public Optional<String> find(String name) {
            return byName(name).map(SchedulerKind::displayName);
        }
    };

    private final String displayName;
    private final boolean stochastic;

    SchedulerKind(String displayName, boolean stochastic) {
        this.displayName = displayName;
        this.stochastic = stochastic;
    }

    public String displayName() {
        return displayName;
    }

    /** Whether its steps add fresh noise, so that its images depend on the seed beyond the first latents. */
    public boolean stochastic() {
        return stochastic;
    }

    /** A fresh scheduler for one job; a stochastic one draws its step noise from {@code seed}. */
    public Scheduler create(SchedulerConfig config, long seed) {
        return create(config, StepNoise.seeded(seed));
    }

    /**
     * A fresh scheduler for one job that has no seed to give: a stochastic one seeds its step
     * noise from the first latents it steps on, which the job's seed made, so the same seed still
     * gives the same image. Prefer {@link #create(SchedulerConfig, long)}.
     */
    public Scheduler create(SchedulerConfig config) {
        return create(config, StepNoise.fromFirstSample());
    }

    private Scheduler create(SchedulerConfig config, StepNoise noise) {
        return switch (this) {
            case DDIM -> new DdimScheduler(config);
            case EULER -> new EulerDiscreteScheduler(config);
            case EULER_ANCESTRAL -> new EulerAncestralDiscreteScheduler(config, noise);
            case DPM_PLUS_PLUS_2M -> new DpmSolverMultistepScheduler(config);
            case DPM_PLUS_PLUS_2M_KARRAS -> new DpmSolverMultistepScheduler(config.withKarrasSigmas(true));
            case LCM -> new LcmScheduler(config, noise);
        };
    }

    /**
     * The kind a job runs with: the one its settings name ({@code scheduler}), else {@code fallback}
     * (the generator's configured one, or the model's own).
     *
     * @throws IllegalArgumentException when the settings name no kind
     */
    public static SchedulerKind forJob(String named, SchedulerKind fallback) {
        if (named == null || named.isBlank()) return fallback;
        return byName(named).orElseThrow(() -> new IllegalArgumentException("unknown scheduler '" + named
                + "'; one of: " + String.join(", ", NAMES.names())));
    }

    /** The kind a diffusers {@code _class_name} names, when we implement it. */
    public static Optional<SchedulerKind> fromDiffusersClass(String className) {
        String name = className == null ? "" : className.toLowerCase(Locale.ROOT);
        if (name.startsWith("ddimscheduler")) return Optional.of(DDIM);
        if (name.startsWith("eulerdiscretescheduler")) return Optional.of(EULER);
        if (name.startsWith("eulerancestraldiscretescheduler")) return Optional.of(EULER_ANCESTRAL);
        // DPM-Solver's config says itself whether it uses Karras sigmas (use_karras_sigmas).
        if (name.startsWith("dpmsolvermultistepscheduler")) return Optional.of(DPM_PLUS_PLUS_2M);
        if (name.startsWith("lcmscheduler")) return Optional.of(LCM);
        return Optional.empty();
    }

    /** The kind with this display name or enum name, ignoring case ("Euler a", "euler_ancestral", "lcm"). */
    public static Optional<SchedulerKind> byName(String name) {
        if (name == null) return Optional.empty();
        String wanted = name.strip();
        for (SchedulerKind kind : values()) {
            if (kind.displayName.equalsIgnoreCase(wanted) || kind.name().equalsIgnoreCase(wanted)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
