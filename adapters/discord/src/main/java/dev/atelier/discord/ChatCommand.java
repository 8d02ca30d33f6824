package dev.atelier.discord;

import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

/**
 * {@code /chat message [image]}: a turn of the conversation, as a DM is. The assistant decides
 * what it asks for: a new picture, a change to the last one, or only an answer in words.
 */
final class ChatCommand implements DiscordCommand {

    private final DiscordTurns turns;
    private final Attachments attachments;

    ChatCommand(DiscordTurns turns, Attachments attachments) {
        this.turns = turns;
        this.attachments = attachments;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("chat", "Talk to the assistant; it paints when you ask it to")
                .addOptions(new OptionData(OptionType.STRING, "message", "What you want to say", true)
                        .setMaxLength(ImagineCommand.MAX_PROMPT))
                .addOption(OptionType.ATTACHMENT, "image", "A picture to talk about or change");
    }

    @Override
    public void run(Interaction i) {
        var attached = i.attachment("image");
        if (attached.isPresent()) {
            var image = ImageOptions.required(i, "image", "image", attachments);
            if (image.isEmpty()) return;
        }
        String message = i.string("message").orElse("");
        turns.answer(i, null, () -> DiscordTurns.inbound(i, message,
                attached.map(a -> attachments.fetch(a, "image")).orElse(null), null, null, null, null, null));
    }
}
