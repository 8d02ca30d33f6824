package dev.atelier.discord;

import dev.atelier.core.delivery.StatusWords;
import dev.atelier.core.turn.Inbound;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

/** {@code /imagine prompt [negative] [seed] [steps]}: a new picture, shown in the command's own reply. */
final class ImagineCommand implements DiscordCommand {

    /** bot-core refuses longer text anyway; Discord's own cap for a string option is 6,000. */
    private static final int MAX_PROMPT = 2000;

    private final DiscordTurns turns;

    ImagineCommand(DiscordTurns turns) {
        this.turns = turns;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("imagine", "Paint a new picture from a description")
                .addOptions(new OptionData(OptionType.STRING, "prompt", "What to paint", true).setMaxLength(MAX_PROMPT),
                        new OptionData(OptionType.STRING, "negative", "What to keep out of the picture").setMaxLength(MAX_PROMPT),
                        new OptionData(OptionType.INTEGER, "seed", "The same seed and prompt give the same picture")
                                .setRequiredRange(0, Integer.MAX_VALUE),
                        new OptionData(OptionType.INTEGER, "steps", "Denoising steps: more is slower and finer")
                                .setRequiredRange(1, 150));
    }

    @Override
    public void run(SlashCommandInteractionEvent event) {
        event.deferReply().queue();
        InteractionHook hook = event.getHook();
        MessageChannel channel = event.getChannel();
        String userId = event.getUser().getId();
        OptionMapping seed = event.getOption("seed");
        OptionMapping steps = event.getOption("steps");
        OptionMapping negative = event.getOption("negative");
        var options = new Inbound.Options(null, null, steps == null ? null : steps.getAsInt(), null,
                seed == null ? null : seed.getAsLong(), negative == null ? null : negative.getAsString(), null);
        Inbound inbound = new Inbound(DiscordTurns.PLATFORM,
                DiscordTurns.chatId(event.getChannelId(), event.getUser().getId()), event.getUser().getId(),
                event.getUser().getName(), "i:" + event.getId(), null, event.getOption("prompt", "", OptionMapping::getAsString),
                null, null, options, "generate", null, null);
        turns.submit(() -> turns.start(inbound, position -> {
            Reply reply = new Reply.Interaction(hook, channel, userId);
            if (reply.editable()) reply.edit(ResultMessage.text(StatusWords.queued(position))).queue();
            return reply;
        }, reason -> Refusals.ephemeral(hook, reason)), () -> Refusals.ephemeral(hook, Refusals.BUSY));
    }
}
