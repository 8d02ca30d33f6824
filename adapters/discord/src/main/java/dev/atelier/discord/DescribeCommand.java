package dev.atelier.discord;

import dev.atelier.core.conversation.UserDirectory;
import dev.atelier.core.image.Task;
import dev.atelier.core.llmga.LlmgaReply;
import dev.atelier.core.llmga.LlmgaReplyParser;
import dev.atelier.core.prompt.OfflinePromptRefiner;
import dev.atelier.core.prompt.PromptModel;
import dev.atelier.core.prompt.PromptRequest;
import dev.atelier.core.rules.TurnRules;
import dev.atelier.core.turn.Inbound;
import dev.atelier.core.turn.RejectedTurnException;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

/**
 * {@code /describe image}: the prompt model says what it sees and offers a prompt that would
 * paint it, in words only (nothing is generated, so no job and no image quota; bans and rate
 * limits apply as to any turn). The offline refiner cannot see pictures, and says so.
 */
final class DescribeCommand implements DiscordCommand {

    private static final Logger LOG = LoggerFactory.getLogger(DescribeCommand.class);
    static final String ASK = "Describe this picture in a sentence or two, then write the prompt that would paint it.";

    private final DiscordTurns turns;
    private final Attachments attachments;
    private final PromptModel model;
    private final UserDirectory users;
    private final TurnRules rules;

    DescribeCommand(DiscordTurns turns, Attachments attachments, PromptModel model, UserDirectory users, TurnRules rules) {
        this.turns = turns;
        this.attachments = attachments;
        this.model = model;
        this.users = users;
        this.rules = rules;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash("describe", "Say what is in a picture and offer a prompt that would paint it")
                .addOption(OptionType.ATTACHMENT, "image", "The picture to describe", true);
    }

    @Override
    public void run(Interaction i) {
        var image = ImageOptions.required(i, "image", "image", attachments);
        if (image.isEmpty()) return;
        i.defer();
        turns.submit(() -> {
            try {
                Inbound.Upload upload = attachments.fetch(image.get(), "image");
                Inbound inbound = DiscordTurns.inbound(i, ASK, upload, null, null, null, null, null);
                rules.refuseBanned(inbound);
                UUID user = users.resolve(inbound.platform(), inbound.platformUserId(), inbound.userName());
                rules.takeRateLimit(inbound, user, rules.limitsOf(user));
                String raw = model.reply(new PromptRequest(ASK, Task.SIMILAR,
                        List.of(new PromptRequest.ImageInput(upload.bytes(), upload.contentType())), List.of(), null));
                i.editOriginal(ResultMessage.text(words(LlmgaReplyParser.parse(raw)))).queue();
            } catch (RejectedTurnException e) {
                i.refuse(e.getMessage());
            } catch (RuntimeException e) {
                String reference = UUID.randomUUID().toString();
                LOG.warn("describing a picture failed (reference {})", reference, e);
                i.refuse("Something went wrong while describing this picture (reference " + reference + ").");
            }
        }, () -> i.refuse(Refusals.BUSY));
    }

    private String words(LlmgaReply reply) {
        StringBuilder out = new StringBuilder();
        if (OfflinePromptRefiner.NAME.equals(model.name())) {
            out.append("I cannot see pictures without a multimodal model (MLLM_URL); here is a prompt for a variation of it.\n");
        } else if (!reply.text().isBlank()) {
            out.append(reply.text().strip()).append('\n');
        }
        for (String p : reply.prompts()) out.append("**Prompt:** ```").append(p.replace("```", "'''")).append("```\n");
        if (!reply.prompts().isEmpty()) out.append("Use it with `/imagine`.");
        return out.toString().strip();
    }
}
