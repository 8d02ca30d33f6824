package dev.atelier.discord;

import dev.atelier.core.delivery.StatusWords;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.callbacks.IModalCallback;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

import java.time.Duration;
import java.util.Optional;

/** An interaction that came over the gateway: JDA's event, answered through JDA's callbacks and hook. */
final class GatewayInteraction implements Interaction {

    private final IReplyCallback event;
    private final Duration tokenLifetime;

    GatewayInteraction(IReplyCallback event, Duration tokenLifetime) {
        this.event = event;
        this.tokenLifetime = tokenLifetime;
    }

    @Override
    public String id() {
        return event.getId();
    }

    @Override
    public String channelId() {
        return event.getChannelId();
    }

    @Override
    public String userId() {
        return event.getUser().getId();
    }

    @Override
    public String userName() {
        return event.getUser().getName();
    }

    @Override
    public String commandName() {
        return event instanceof SlashCommandInteractionEvent s ? s.getName() : "";
    }

    @Override
    public String customId() {
        if (event instanceof ButtonInteractionEvent b) return b.getComponentId();
        if (event instanceof ModalInteractionEvent m) return m.getModalId();
        return "";
    }

    private Optional<OptionMapping> option(String name, OptionType type) {
        if (!(event instanceof SlashCommandInteractionEvent s)) return Optional.empty();
        return Optional.ofNullable(s.getOption(name)).filter(o -> o.getType() == type);
    }

    @Override
    public Optional<String> string(String option) {
        return option(option, OptionType.STRING).map(OptionMapping::getAsString);
    }

    @Override
    public Optional<Long> integer(String option) {
        return option(option, OptionType.INTEGER).map(OptionMapping::getAsLong);
    }

    @Override
    public Optional<Double> number(String option) {
        // Discord sends a whole number for a NUMBER option typed as one; JDA reads either.
        return option(option, OptionType.NUMBER).map(OptionMapping::getAsDouble);
    }

    @Override
    public Optional<Boolean> bool(String option) {
        return option(option, OptionType.BOOLEAN).map(OptionMapping::getAsBoolean);
    }

    @Override
    public Optional<Attachment> attachment(String option) {
        return option(option, OptionType.ATTACHMENT).map(OptionMapping::getAsAttachment).map(GatewayInteraction::attachment);
    }

    static Attachment attachment(Message.Attachment a) {
        return new Attachment(a.getId(), a.getUrl(), a.getFileName(), a.getContentType(), a.getSize(), a.getWidth(), a.getHeight());
    }

    @Override
    public Optional<String> field(String id) {
        if (!(event instanceof ModalInteractionEvent m)) return Optional.empty();
        return Optional.ofNullable(m.getValue(id)).map(ModalMapping::getAsString);
    }

    @Override
    public void defer() {
        event.deferReply().queue();
    }

    @Override
    public void deferEphemeral() {
        event.deferReply(true).queue();
    }

    @Override
    public void answerEphemeral(String text) {
        event.reply(StatusWords.fit(text, ProgressText.CONTENT_LIMIT)).setEphemeral(true).queue();
    }

    @Override
    public void openModal(Modal modal) {
        if (event instanceof IModalCallback m) m.replyModal(modal).queue();
        else answerEphemeral("This cannot open a form.");
    }

    @Override
    public RestAction<?> editOriginal(MessageEditData data) {
        return event.getHook().editOriginal(data);
    }

    @Override
    public void refuse(String reason) {
        Refusals.ephemeral(event.getHook(), reason);
    }

    @Override
    public RestAction<?> postInChannel(MessageCreateData data) {
        return event.getMessageChannel().sendMessage(data);
    }

    @Override
    public String address() {
        return Replies.interactionAddress(event.getJDA().getSelfUser().getApplicationId(), id(), channelId(), userId(),
                event.getToken());
    }

    @Override
    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    @Override
    public boolean expired() {
        return event.getHook().isExpired() || Interaction.super.expired();
    }
}
