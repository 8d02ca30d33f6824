package dev.atelier.discord;

import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

/** {@code /edit image instruction}: the attached picture changed as asked ("make it night"), its layout kept. */
final class EditCommand implements DiscordCommand {

    private final DiscordTurns turns;
    private final Attachments attachments;

    EditCommand(DiscordTurns turns, Attachments attachments) {
        this.turns = turns;
        this.attachments = attachments;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("edit", "Change a picture by instruction, keeping its layout")
                .addOption(OptionType.ATTACHMENT, "image", "The picture to change", true)
                .addOptions(new OptionData(OptionType.STRING, "instruction", "What to change, e.g. \"make it night\"", true)
                        .setMaxLength(ImagineCommand.MAX_PROMPT));
    }

    @Override
    public void run(Interaction i) {
        var image = ImageOptions.required(i, "image", "image", attachments);
        if (image.isEmpty()) return;
        String instruction = i.string("instruction").orElse("");
        turns.answer(i, null, () -> DiscordTurns.inbound(i, instruction, attachments.fetch(image.get(), "image"), null,
                null, "edit", null, null));
    }
}
