package dev.atelier.discord;

import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

/** {@code /outpaint image direction [amount]}: the canvas grown that way and the new part painted. */
final class OutpaintCommand implements DiscordCommand {

    private final DiscordTurns turns;
    private final Attachments attachments;

    OutpaintCommand(DiscordTurns turns, Attachments attachments) {
        this.turns = turns;
        this.attachments = attachments;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("outpaint", "Extend a picture beyond its edges")
                .addOption(OptionType.ATTACHMENT, "image", "The picture to extend", true)
                .addOptions(new OptionData(OptionType.STRING, "direction", "Which way to grow it", true)
                                .addChoice("left", "left").addChoice("right", "right").addChoice("up", "up")
                                .addChoice("down", "down").addChoice("all sides (zoom out)", "all"),
                        // bot-core takes more than 0 and at most 2 times the side.
                        new OptionData(OptionType.NUMBER, "amount", "How much, as a fraction of the side (default 0.5)")
                                .setRequiredRange(0.1, 2.0));
    }

    @Override
    public void run(Interaction i) {
        var image = ImageOptions.required(i, "image", "image", attachments);
        if (image.isEmpty()) return;
        String direction = i.string("direction").orElse("all");
        Double amount = i.number("amount").orElse(null);
        turns.answer(i, null, () -> DiscordTurns.inbound(i, "", attachments.fetch(image.get(), "image"), null, null,
                "outpaint", direction, amount));
    }
}
