package dev.atelier.inference.scheduler;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** The samplers Atelier offers; {@link #create(SchedulerConfig)} gives a fresh one per job. */
public enum SchedulerKind {
    DDIM("DDIM", DdimScheduler::new),
    EULER("Euler", EulerDiscreteScheduler::new);

    private final String displayName;
    private final Function<SchedulerConfig, Scheduler> factory;

    SchedulerKind(String displayName, Function<SchedulerConfig, Scheduler> factory) {
        this.displayName = displayName;
        this.factory = factory;
    }

    public String displayName() {
        return displayName;
    }

    public Scheduler create(SchedulerConfig config) {
        return factory.apply(config);
    }

    /** The kind a diffusers {@code _class_name} names, when we implement it. */
    public static Optional<SchedulerKind> fromDiffusersClass(String className) {
        String name = className == null ? "" : className.toLowerCase(Locale.ROOT);
        if (name.startsWith("ddimscheduler")) return Optional.of(DDIM);
        if (name.startsWith("eulerdiscretescheduler")) return Optional.of(EULER);
        return Optional.empty();
    }
}
