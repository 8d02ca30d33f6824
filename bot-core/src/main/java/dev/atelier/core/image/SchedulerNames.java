package dev.atelier.core.image;

import java.util.List;
import java.util.Optional;

/**
 * The samplers a job may run with, by name: the port through which bot-core and the console
 * check a scheduler's name without knowing the inference module (which implements it, as
 * {@code SchedulerKind.NAMES}).
 */
public interface SchedulerNames {

    /** No schedulers to choose from: a job runs on the generator's default. */
    SchedulerNames NONE = List::of;

    /** What a choice of "the model's own scheduler" is called where a name is typed ({@code scheduler=model}). */
    String MODEL_OWN = "model";

    /** The display names ("Euler a", "DPM++ 2M"), in the order a page lists them. */
    List<String> names();

    /** The display name for a name typed in any case; an implementation may take other spellings too. */
    default Optional<String> find(String name) {
        if (name == null) return Optional.empty();
        String wanted = name.strip();
        return names().stream().filter(n -> n.equalsIgnoreCase(wanted)).findFirst();
    }
}
