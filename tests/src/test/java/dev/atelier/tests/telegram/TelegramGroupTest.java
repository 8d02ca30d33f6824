package dev.atelier.tests.telegram;

import dev.atelier.core.conversation.Turn;
import dev.atelier.core.image.Task;
import dev.atelier.tests.support.RunningAtelier;
import dev.atelier.tests.telegram.FakeTelegram.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static dev.atelier.tests.telegram.Seen.awaitPhotos;
import static dev.atelier.tests.telegram.Seen.photos;
import static dev.atelier.tests.telegram.Seen.settle;
import static dev.atelier.tests.telegram.Seen.sha;
import static dev.atelier.tests.telegram.Seen.turns;
import static dev.atelier.tests.telegram.Seen.userTurns;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bot in a Telegram group: it answers only when mentioned, replied to or given a command,
 * and everyone in the group has their own conversation with it.
 */
@DisplayName("Atelier as a Telegram bot in a group")
class TelegramGroupTest {

    private static final AtomicLong GROUPS = new AtomicLong(-100_000_700);
    private static final long ADA = 501;
    private static final long BOB = 502;

    private static FakeTelegram telegram;
    private static RunningAtelier atelier;

    @BeforeAll
    static void start() {
        telegram = new FakeTelegram();
        Map<String, Object> settings = new HashMap<>(TelegramAteliers.settings(telegram));
        settings.put("atelier.telegram.album-window", "300ms");
        atelier = RunningAtelier.onTestServers(settings);
    }

    @AfterAll
    static void stop() {
        if (atelier != null) atelier.close();
        if (telegram != null) telegram.close();
    }

    @Test
    void messagesNotMeantForTheBotAreIgnoredAndLeaveNothingStored() {
        long group = GROUPS.decrementAndGet();
        // GIVEN chatter that mentions nobody, someone else, or another bot's command
        telegram.deliver(telegram.groupText(group, ADA, "a sunset over the sea would be nice"),
                telegram.groupText(group, ADA, "hey @someone_else look at this"),
                telegram.groupText(group, ADA, "/imagine@other_bot a cat"),
                telegram.photoMessage(group, ADA, "our holiday", Seen.png(java.awt.Color.PINK)));

        // WHEN someone then mentions the bot
        long sentAt = System.nanoTime();
        telegram.deliver(telegram.groupText(group, ADA, "@atelier_bot a lighthouse on a rock"));

        // THEN only that message is answered: one status message, one photo
        Call photo = awaitPhotos(telegram, group, 1).getFirst();
        long millis = (System.nanoTime() - sentAt) / 1_000_000;
        settle();
        System.out.printf("Telegram group turn: text update to sendPhoto in %d ms; %d Bot API calls (%s)%n",
                millis, telegram.callsTo(group).size(), telegram.callsTo(group).stream().map(Call::method).toList());
        assertThat(photos(telegram, group)).hasSize(1);
        assertThat(telegram.calls("sendMessage", c -> c.chatId() == group)).hasSize(1);
        assertThat(telegram.calls("getFile", c -> true)).isEmpty();
        // AND only it was stored, without the mention
        assertThat(userTurns(atelier, group + ":" + ADA)).extracting(Turn::text).containsExactly("a lighthouse on a rock");
        assertThat(photo.param("caption")).contains("lighthouse").doesNotContain("@atelier_bot");
    }

    @Test
    void aCommandIsForTheBotWithOrWithoutItsName() {
        long group = GROUPS.decrementAndGet();
        telegram.deliver(telegram.groupText(group, ADA, "/imagine a red kite"),
                telegram.groupText(group, ADA, "/imagine@atelier_bot a blue kite"),
                telegram.groupText(group, BOB, "/help@atelier_bot"));

        awaitPhotos(telegram, group, 2);
        assertThat(userTurns(atelier, group + ":" + ADA)).extracting(Turn::text).containsExactly("a red kite", "a blue kite");
        telegram.await("the help", Seen.TURN, () -> Seen.texts(telegram, group).stream().anyMatch(t -> t.startsWith("I am Atelier")));
    }

    @Test
    void everyoneInAGroupKeepsTheirOwnConversationWithTheBot() {
        long group = GROUPS.decrementAndGet();
        // GIVEN Ada and Bob each asked for a picture
        var ada = telegram.groupText(group, ADA, "@atelier_bot a red barn in a field");
        var bob = telegram.groupText(group, BOB, "@atelier_bot a blue boat on a lake");
        telegram.deliver(ada);
        awaitPhotos(telegram, group, 1);
        telegram.deliver(bob);
        awaitPhotos(telegram, group, 2);

        // WHEN Ada follows up
        telegram.deliver(telegram.groupText(group, ADA, "@atelier_bot now make it night"));
        awaitPhotos(telegram, group, 3);

        // THEN her follow-up went on from her barn, not from Bob's boat, which came later
        List<Turn> adas = turns(atelier, group + ":" + ADA);
        assertThat(adas.stream().filter(t -> t.role() == Turn.Role.USER)).hasSize(2);
        assertThat(turns(atelier, group + ":" + BOB).stream().filter(t -> t.role() == Turn.Role.USER)).hasSize(1);
        String adasLastPrompt = adas.getLast().prompts().getFirst();
        assertThat(adasLastPrompt).contains("barn").doesNotContain("boat");
        // AND each status message replied to the message it answers, so people see whose it is
        assertThat(telegram.calls("sendMessage", c -> c.chatId() == group)).extracting(c -> c.param("reply_to_message_id"))
                .contains(String.valueOf(FakeTelegram.inner(ada).get("message_id")),
                        String.valueOf(FakeTelegram.inner(bob).get("message_id")));
    }

    @Test
    void aReplyToTheBotsPictureNeedsNoMentionAndEditsThatPicture() {
        long group = GROUPS.decrementAndGet();
        telegram.deliver(telegram.groupText(group, ADA, "@atelier_bot a castle on a hill"));
        Call castle = awaitPhotos(telegram, group, 1).getFirst();

        // WHEN Ada replies to the bot's picture without mentioning it
        telegram.deliver(telegram.replyingTo(telegram.groupText(group, ADA, "make it night"), castle));

        // THEN that picture is edited
        awaitPhotos(telegram, group, 2);
        List<Turn> turns = turns(atelier, group + ":" + ADA);
        Turn edit = turns.stream().filter(t -> t.role() == Turn.Role.USER).toList().get(1);
        assertThat(edit.task()).isEqualTo(Task.EDIT);
        assertThat(edit.text()).isEqualTo("make it night");
        String castleImage = sha(atelier, turns.stream().filter(t -> t.role() == Turn.Role.ASSISTANT).findFirst()
                .orElseThrow().imageIds().getFirst());
        assertThat(sha(atelier, edit.imageIds().getFirst())).isEqualTo(castleImage);
    }

    @Test
    void anAlbumWithTheMentionOnOnePhotoIsOneTurn() {
        long group = GROUPS.decrementAndGet();
        var first = telegram.photoMessage(group, BOB, null, Seen.png(java.awt.Color.RED));
        var second = telegram.photoMessage(group, BOB, "@atelier_bot something like this, at dawn", Seen.png(java.awt.Color.GREEN));
        FakeTelegram.inner(first).put("media_group_id", "album-" + group);
        FakeTelegram.inner(second).put("media_group_id", "album-" + group);
        telegram.deliver(first);
        telegram.deliver(second);

        awaitPhotos(telegram, group, 1);
        settle();
        assertThat(photos(telegram, group)).hasSize(1);
        assertThat(userTurns(atelier, group + ":" + BOB)).singleElement()
                .satisfies(t -> assertThat(t.text()).isEqualTo("something like this, at dawn"));
    }
}
