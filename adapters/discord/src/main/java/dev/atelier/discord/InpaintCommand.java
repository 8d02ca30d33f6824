package dev.atelier.discord;

import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

/** {@code /inpaint image mask [prompt]}: the white part of the mask painted anew, the rest kept. */
final class InpaintCommand implements DiscordCommand {

    private final DiscordTurns turns;
    private final Attachments attachments;

    InpaintCommand(DiscordTurns turns, Attachments attachments) {
        this.turns = turns;
        this.attachments = attachments;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("inpaint", "Repaint part of a picture: white in the mask is painted anew")
                .addOption(OptionType.ATTACHMENT, "image", "The picture", true)
                .addOption(OptionType.ATTACHMENT, "mask", "A picture of the same size: white where to repaint", true)
                .addOptions(new OptionData(OptionType.STRING, "prompt", "What to paint there")
                        .setMaxLength(ImagineCommand.MAX_PROMPT));
    }

    @Override
    public void run(Interaction i) {
        var image = ImageOptions.required(i, "image", "image", attachments);
        if (image.isEmpty()) return;
        var mask = ImageOptions.required(i, "mask", "mask", attachments);
        if (mask.isEmpty()) return;
        String prompt = i.string("prompt").orElse("");
        turns.answer(i, null, () -> DiscordTurns.inbound(i, prompt, attachments.fetch(image.get(), "image"),
                attachments.fetch(mask.get(), "mask"), null, "inpaint", null, null));
    }
}
