package dev.atelier.discord;

import dev.atelier.core.delivery.StatusWords;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.IncomingWebhookClient;
import net.dv8tion.jda.api.entities.WebhookClient;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

import java.time.Duration;
import java.util.Optional;

/**
 * An interaction Discord posted to {@code /webhooks/discord}. The first answer is the HTTP
 * response itself ({@link #answer()}); everything after it goes through the interaction's
 * webhook ({@code /webhooks/{application}/{token}}), sent by JDA's {@link WebhookClient} so that
 * Discord's rate limits stay JDA's job as they are on the gateway path. The first edit can only
 * follow the response: it is made after the turn is accepted (a few database round trips after
 * the controller returned), and a failed progress edit is only logged; the result's edit, later
 * still, is retried by the sweep.
 */
final class HttpInteraction implements Interaction {

    /** Discord's interaction callback types. */
    static final int PONG = 1;
    static final int CHANNEL_MESSAGE = 4;
    static final int DEFERRED_CHANNEL_MESSAGE = 5;
    static final int MODAL = 9;
    /** A message flag: seen only by the person. */
    static final int EPHEMERAL = 64;

    private final DataObject payload;
    private final DataObject data;
    private final ShardManager shards;
    private final Duration tokenLifetime;
    private final IncomingWebhookClient webhook;
    private volatile DataObject answer;

    /** @param shards the bot's shards: any of them sends REST calls; channels are looked up in all */
    HttpInteraction(DataObject payload, ShardManager shards, Duration tokenLifetime) {
        this.payload = payload;
        this.data = payload.optObject("data").orElse(DataObject.empty());
        this.shards = shards;
        this.tokenLifetime = tokenLifetime;
        JDA jda = shards.getShards().getFirst();
        this.webhook = WebhookClient.createClient(jda, payload.getString("application_id"), payload.getString("token"));
    }

    /** What the HTTP response carries; empty when the feature answered nothing (a bug: the caller says so). */
    Optional<DataObject> answer() {
        return Optional.ofNullable(answer);
    }

    private DataObject user() {
        // In a server the person is a member (member.user); in DMs a plain user.
        return payload.optObject("member").flatMap(m -> m.optObject("user"))
                .or(() -> payload.optObject("user")).orElse(DataObject.empty());
    }

    @Override
    public String id() {
        return payload.getString("id");
    }

    @Override
    public String channelId() {
        return payload.getString("channel_id", payload.optObject("channel").map(c -> c.getString("id", "")).orElse(""));
    }

    @Override
    public String userId() {
        return user().getString("id", "");
    }

    @Override
    public String userName() {
        return user().getString("username", "");
    }

    @Override
    public String commandName() {
        return payload.getInt("type", 0) == 2 ? data.getString("name", "") : "";
    }

    @Override
    public String customId() {
        return data.getString("custom_id", "");
    }

    private Optional<DataObject> option(String name, int type) {
        DataArray options = data.optArray("options").orElse(DataArray.empty());
        for (int i = 0; i < options.length(); i++) {
            DataObject o = options.getObject(i);
            if (name.equals(o.getString("name", null)) && o.getInt("type", 0) == type && !o.isNull("value")) return Optional.of(o);
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> string(String option) {
        return option(option, 3).map(o -> o.getString("value"));
    }

    @Override
    public Optional<Long> integer(String option) {
        return option(option, 4).map(o -> o.getLong("value"));
    }

    @Override
    public Optional<Double> number(String option) {
        return option(option, 10).map(o -> o.getDouble("value"));
    }

    @Override
    public Optional<Boolean> bool(String option) {
        return option(option, 5).map(o -> o.getBoolean("value"));
    }

    @Override
    public Optional<Attachment> attachment(String option) {
        // The option's value is the attachment's id; Discord describes it under data.resolved.
        return option(option, 11).map(o -> o.getString("value")).flatMap(id -> data.optObject("resolved")
                .flatMap(r -> r.optObject("attachments")).flatMap(a -> a.optObject(id)))
                .map(a -> new Attachment(a.getString("id", ""), a.getString("url", ""), a.getString("filename", "image"),
                        a.getString("content_type", null), a.getLong("size", 0), a.getInt("width", 0), a.getInt("height", 0)));
    }

    @Override
    public Optional<String> field(String id) {
        return payload.getInt("type", 0) == 5 ? find(data.optArray("components").orElse(DataArray.empty()), id) : Optional.empty();
    }

    /** A modal's values sit in labels or rows, one level down or two: the input with that custom id. */
    private static Optional<String> find(DataArray components, String id) {
        for (int i = 0; i < components.length(); i++) {
            DataObject c = components.getObject(i);
            if (id.equals(c.getString("custom_id", null)) && c.hasKey("value")) return Optional.of(c.getString("value", ""));
            Optional<String> inner = c.optObject("component").flatMap(x -> find(DataArray.empty().add(x), id))
                    .or(() -> c.optArray("components").flatMap(x -> find(x, id)));
            if (inner.isPresent()) return inner;
        }
        return Optional.empty();
    }

    @Override
    public void defer() {
        answer = DataObject.empty().put("type", DEFERRED_CHANNEL_MESSAGE);
    }

    @Override
    public void deferEphemeral() {
        answer = DataObject.empty().put("type", DEFERRED_CHANNEL_MESSAGE).put("data", DataObject.empty().put("flags", EPHEMERAL));
    }

    @Override
    public void answerEphemeral(String text) {
        answer = ephemeral(text);
    }

    static DataObject ephemeral(String text) {
        return DataObject.empty().put("type", CHANNEL_MESSAGE).put("data", DataObject.empty()
                .put("content", StatusWords.fit(text, ProgressText.CONTENT_LIMIT)).put("flags", EPHEMERAL));
    }

    @Override
    public void openModal(Modal modal) {
        answer = DataObject.empty().put("type", MODAL).put("data", modal.toData());
    }

    @Override
    public RestAction<?> editOriginal(MessageEditData data) {
        return webhook.editMessageById("@original", data);
    }

    @Override
    public void refuse(String reason) {
        webhook.sendMessage(StatusWords.fit(reason, ProgressText.CONTENT_LIMIT)).setEphemeral(true).queue();
        webhook.deleteMessageById("@original").queue(null, e -> { });
    }

    @Override
    public RestAction<?> postInChannel(MessageCreateData message) {
        // A server channel JDA knows (its guilds come over the gateway); otherwise the person's DMs.
        GuildMessageChannel channel = channelId().matches("\\d{1,20}")
                ? shards.getChannelById(GuildMessageChannel.class, channelId()) : null;
        if (channel != null) return channel.sendMessage(message);
        return shards.getShards().getFirst().openPrivateChannelById(userId()).flatMap(dm -> dm.sendMessage(message));
    }

    @Override
    public String address() {
        return Replies.interactionAddress(payload.getString("application_id"), id(), channelId(), userId(), payload.getString("token"));
    }

    @Override
    public Duration tokenLifetime() {
        return tokenLifetime;
    }
}
