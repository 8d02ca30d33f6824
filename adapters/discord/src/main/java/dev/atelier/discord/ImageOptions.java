package dev.atelier.discord;

import java.util.Optional;

/** The attachment options of the commands that start from a picture. */
final class ImageOptions {

    private ImageOptions() {
    }

    /**
     * The attachment in {@code option}, or empty after telling the person (ephemeral, at once)
     * why it will not do: missing, not an image, over a cap. Only what Discord declares is read here.
     */
    static Optional<Interaction.Attachment> required(Interaction i, String option, String what, Attachments attachments) {
        Optional<Interaction.Attachment> a = i.attachment(option);
        if (a.isEmpty()) {
            i.answerEphemeral("Attach the " + what + " (the `" + option + "` option).");
            return Optional.empty();
        }
        Optional<String> refusal = attachments.refusal(a.get(), what);
        if (refusal.isPresent()) {
            i.answerEphemeral(refusal.get());
            return Optional.empty();
        }
        return a;
    }
}
