package dev.atelier.discord;

import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

/** {@code /similar image}: a new picture like the one attached. */
final class SimilarCommand implements DiscordCommand {

    private final DiscordTurns turns;
    private final Attachments attachments;

    SimilarCommand(DiscordTurns turns, Attachments attachments) {
        this.turns = turns;
        this.attachments = attachments;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("similar", "Paint a picture like the one you attach")
                .addOption(OptionType.ATTACHMENT, "image", "The picture to start from", true);
    }

    @Override
    public void run(Interaction i) {
        var image = ImageOptions.required(i, "image", "image", attachments);
        if (image.isEmpty()) return;
        turns.answer(i, null, () -> DiscordTurns.inbound(i, "", attachments.fetch(image.get(), "image"), null, null,
                "similar", null, null));
    }
}
