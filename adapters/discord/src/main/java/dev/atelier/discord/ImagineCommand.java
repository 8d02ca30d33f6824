package dev.atelier.discord;

import dev.atelier.core.image.StylePreset;
import dev.atelier.core.turn.Inbound;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

import java.util.List;

/** {@code /imagine prompt [negative] [aspect] [steps] [seed] [style]}: a new picture, shown in the command's own reply. */
final class ImagineCommand implements DiscordCommand {

    /** bot-core refuses longer text anyway; Discord's own cap for a string option is 6,000. */
    static final int MAX_PROMPT = 2000;
    /** The shapes offered; bot-core turns one into a size of about the default pixel count. */
    static final List<String> ASPECTS = List.of("1:1", "3:2", "2:3", "4:3", "3:4", "16:9", "9:16");

    private final DiscordTurns turns;

    ImagineCommand(DiscordTurns turns) {
        this.turns = turns;
    }

    @Override
    public SlashCommandData definition() {
        OptionData aspect = new OptionData(OptionType.STRING, "aspect", "The picture's shape, width:height");
        ASPECTS.forEach(a -> aspect.addChoice(a, a));
        OptionData style = new OptionData(OptionType.STRING, "style", "A named look added to the prompt");
        StylePreset.ALL.forEach(p -> style.addChoice(p.name(), p.name()));
        return Commands.slash("imagine", "Paint a new picture from a description")
                .addOptions(new OptionData(OptionType.STRING, "prompt", "What to paint", true).setMaxLength(MAX_PROMPT),
                        new OptionData(OptionType.STRING, "negative", "What to keep out of the picture").setMaxLength(MAX_PROMPT),
                        aspect,
                        new OptionData(OptionType.INTEGER, "steps", "Denoising steps: more is slower and finer")
                                .setRequiredRange(1, 150),
                        new OptionData(OptionType.INTEGER, "seed", "The same seed and prompt give the same picture")
                                .setRequiredRange(0, Integer.MAX_VALUE),
                        style);
    }

    @Override
    public void run(Interaction i) {
        String prompt = i.string("prompt").orElse("");
        // bot-core reads "--ar W:H" out of the text, as it does when people type it.
        String aspect = i.string("aspect").filter(ASPECTS::contains).map(a -> " --ar " + a).orElse("");
        var options = new Inbound.Options(null, null, i.integer("steps").map(Long::intValue).orElse(null), null,
                i.integer("seed").orElse(null), i.string("negative").orElse(null), null, i.string("style").orElse(null));
        turns.answer(i, null, () -> DiscordTurns.inbound(i, prompt + aspect, null, null, options, "generate", null, null));
    }
}
