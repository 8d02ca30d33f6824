package dev.atelier.tests.telegram;

import dev.atelier.core.conversation.Turn;
import dev.atelier.core.image.ImageStore;
import dev.atelier.core.image.Task;
import dev.atelier.tests.support.RunningAtelier;
import dev.atelier.tests.telegram.FakeTelegram.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static dev.atelier.tests.telegram.Seen.TURN;
import static dev.atelier.tests.telegram.Seen.awaitPhotos;
import static dev.atelier.tests.telegram.Seen.photos;
import static dev.atelier.tests.telegram.Seen.png;
import static dev.atelier.tests.telegram.Seen.settle;
import static dev.atelier.tests.telegram.Seen.sha;
import static dev.atelier.tests.telegram.Seen.texts;
import static dev.atelier.tests.telegram.Seen.turns;
import static dev.atelier.tests.telegram.Seen.userTurns;
import static org.assertj.core.api.Assertions.assertThat;

/** Replies to pictures, albums and the commands that work on pictures, in a private chat. */
@DisplayName("Telegram: replies to pictures, albums, /edit, /outpaint and /reset")
class TelegramRepliesAndCommandsTest {

    private static final AtomicLong CHATS = new AtomicLong(7_500);

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
    void aTextReplyToAnOlderPictureEditsThatPictureNotTheLatest() {
        long chat = CHATS.incrementAndGet();
        // GIVEN two pictures in the chat
        telegram.deliver(telegram.textMessage(chat, "a red fox in the snow"));
        Call fox = awaitPhotos(telegram, chat, 1).getFirst();
        telegram.deliver(telegram.textMessage(chat, "a new picture: a whale in the ocean"));
        awaitPhotos(telegram, chat, 2);

        // WHEN the person replies to the first one
        telegram.deliver(telegram.replyingTo(telegram.textMessage(chat, "make it night"), fox));
        awaitPhotos(telegram, chat, 3);

        // THEN it is an edit of the fox, as it was made (not the whale, not Telegram's JPEG of it)
        Turn edit = userTurns(atelier, String.valueOf(chat)).getLast();
        assertThat(edit.task()).isEqualTo(Task.EDIT);
        assertThat(edit.text()).isEqualTo("make it night");
        assertThat(sha(atelier, edit.imageIds().getFirst())).isEqualTo(resultSha(chat, 0));
        assertThat(telegram.calls("getFile", c -> true)).noneSatisfy(c -> assertThat(c.param("file_id")).startsWith("sent-"));
    }

    @Test
    void editCommandInReplyToThePersonsOwnPhotoEditsThatPhoto() throws Exception {
        long chat = CHATS.incrementAndGet();
        byte[] photo = png(Color.ORANGE);
        var sent = telegram.photoMessage(chat, null, photo);
        telegram.deliver(sent);
        awaitPhotos(telegram, chat, 1);

        telegram.deliver(telegram.replyingToMessage(telegram.textMessage(chat, "/edit make it snow"), sent));
        awaitPhotos(telegram, chat, 2);

        Turn edit = userTurns(atelier, String.valueOf(chat)).getLast();
        assertThat(edit.task()).isEqualTo(Task.EDIT);
        assertThat(edit.text()).isEqualTo("make it snow");
        assertThat(sha(atelier, edit.imageIds().getFirst())).isEqualTo(sha256(photo));
    }

    @Test
    void editCommandWithoutAPictureOrWordsSaysHowToUseIt() {
        long chat = CHATS.incrementAndGet();
        telegram.deliver(telegram.textMessage(chat, "/edit make it night"));
        telegram.await("the explanation", TURN, () -> texts(telegram, chat).size() == 1);
        telegram.deliver(telegram.textMessage(chat, "/edit"));
        telegram.await("the explanation", TURN, () -> texts(telegram, chat).size() == 2);

        assertThat(texts(telegram, chat).getFirst()).startsWith("Reply to a picture with /edit");
        assertThat(texts(telegram, chat).get(1)).startsWith("Say what to change");
        settle();
        assertThat(photos(telegram, chat)).isEmpty();
        assertThat(userTurns(atelier, String.valueOf(chat))).isEmpty();
    }

    @Test
    void outpaintCommandExtendsTheRepliedPictureOrElseTheLastOne() {
        long chat = CHATS.incrementAndGet();
        telegram.deliver(telegram.textMessage(chat, "a meadow with flowers"));
        Call meadow = awaitPhotos(telegram, chat, 1).getFirst();

        // WHEN the person replies to it with /outpaint right 50%
        telegram.deliver(telegram.replyingTo(telegram.textMessage(chat, "/outpaint right 50%"), meadow));
        awaitPhotos(telegram, chat, 2);
        // AND then, without a reply, /outpaint up
        telegram.deliver(telegram.textMessage(chat, "/outpaint up"));
        awaitPhotos(telegram, chat, 3);

        // THEN the first grew half its width to the right, the second (from the latest) upwards
        List<Turn> asked = userTurns(atelier, String.valueOf(chat));
        assertThat(asked.get(1).task()).isEqualTo(Task.OUTPAINT);
        assertThat(asked.get(2).task()).isEqualTo(Task.OUTPAINT);
        ImageStore images = atelier.context().getBean(ImageStore.class);
        var wider = images.find(result(chat, 1)).orElseThrow();
        var taller = images.find(result(chat, 2)).orElseThrow();
        assertThat(wider.width()).isEqualTo(96);
        assertThat(wider.height()).isEqualTo(64);
        assertThat(taller.width()).isEqualTo(96);
        assertThat(taller.height()).isEqualTo(96);
    }

    @Test
    void outpaintCommandWithAnUnknownDirectionSaysHowToUseIt() {
        long chat = CHATS.incrementAndGet();
        telegram.deliver(telegram.textMessage(chat, "/outpaint sideways"));
        telegram.await("the explanation", TURN, () -> texts(telegram, chat).size() == 1);
        assertThat(texts(telegram, chat).getFirst()).startsWith("Say which way to extend the picture");
    }

    @Test
    void resetStartsANewConversationThatDoesNotKnowTheEarlierPictures() {
        long chat = CHATS.incrementAndGet();
        telegram.deliver(telegram.textMessage(chat, "a windmill by a canal"));
        awaitPhotos(telegram, chat, 1);
        UUID before = turns(atelier, String.valueOf(chat)).getFirst().conversationId();

        telegram.deliver(telegram.textMessage(chat, "/reset"));
        telegram.await("the reset answer", TURN, () -> texts(telegram, chat).stream().anyMatch(t -> t.startsWith("Starting afresh")));
        telegram.deliver(telegram.textMessage(chat, "a cat on a sofa"));
        awaitPhotos(telegram, chat, 2);

        List<Turn> now = turns(atelier, String.valueOf(chat));
        assertThat(now.getFirst().conversationId()).isNotEqualTo(before);
        assertThat(now.getLast().prompts().getFirst()).contains("cat").doesNotContain("windmill");
    }

    @Test
    void anAlbumIsOneTurnFromItsFirstPhotoWithTheCaptionOfWhicheverPhotoHasIt() throws Exception {
        long chat = CHATS.incrementAndGet();
        byte[] red = png(Color.RED);
        var first = telegram.photoMessage(chat, null, red);
        var second = telegram.photoMessage(chat, "something like this, in autumn", png(Color.GREEN));
        var third = telegram.photoMessage(chat, null, png(Color.BLUE));
        for (var photo : List.of(first, second, third)) FakeTelegram.inner(photo).put("media_group_id", "album-" + chat);
        // Telegram sends an album's photos as separate updates, here in separate getUpdates answers
        telegram.deliver(first);
        Thread.sleep(100);
        telegram.deliver(second, third);

        awaitPhotos(telegram, chat, 1);
        // AND a photo of it that Telegram sends again later starts nothing
        telegram.deliver(third);
        settle();
        assertThat(photos(telegram, chat)).hasSize(1);
        assertThat(telegram.calls("sendMessage", c -> c.chatId() == chat)).hasSize(1);
        Turn turn = userTurns(atelier, String.valueOf(chat)).getFirst();
        assertThat(userTurns(atelier, String.valueOf(chat))).hasSize(1);
        assertThat(turn.text()).isEqualTo("something like this, in autumn");
        assertThat(sha(atelier, turn.imageIds().getFirst())).isEqualTo(sha256(red));
    }

    @Test
    void anAlbumWithoutACaptionAsksForSomethingSimilar() {
        long chat = CHATS.incrementAndGet();
        var first = telegram.photoMessage(chat, null, png(Color.CYAN));
        var second = telegram.photoMessage(chat, null, png(Color.MAGENTA));
        FakeTelegram.inner(first).put("media_group_id", "plain-" + chat);
        FakeTelegram.inner(second).put("media_group_id", "plain-" + chat);
        telegram.deliver(first, second);

        awaitPhotos(telegram, chat, 1);
        assertThat(userTurns(atelier, String.valueOf(chat))).singleElement()
                .satisfies(t -> assertThat(t.task()).isEqualTo(Task.SIMILAR));
    }

    /** The id of the chat's n-th result picture. */
    private static UUID result(long chat, int n) {
        return turns(atelier, String.valueOf(chat)).stream().filter(t -> t.role() == Turn.Role.ASSISTANT)
                .toList().get(n).imageIds().getFirst();
    }

    private static String resultSha(long chat, int n) {
        return sha(atelier, result(chat, n));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
