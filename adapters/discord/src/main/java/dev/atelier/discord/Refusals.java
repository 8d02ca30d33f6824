package dev.atelier.discord;

import dev.atelier.core.delivery.StatusWords;
import net.dv8tion.jda.api.interactions.InteractionHook;

/** How a refused interaction is answered: only the person who asked sees why. */
final class Refusals {

    static final String BUSY = "Atelier is busy right now; please try again in a minute.";

    private Refusals() {
    }

    /**
     * The deferred reply was public ("Atelier is thinking…") and cannot turn ephemeral, so it goes
     * and an ephemeral follow-up carries the reason.
     */
    static void ephemeral(InteractionHook hook, String reason) {
        hook.sendMessage(StatusWords.fit(reason, ProgressText.CONTENT_LIMIT)).setEphemeral(true).queue();
        hook.deleteOriginal().queue(null, e -> { });
    }
}
