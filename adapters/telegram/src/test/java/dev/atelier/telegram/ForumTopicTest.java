package dev.atelier.telegram;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import static org.assertj.core.api.Assertions.assertThat;

/** Which forum topic a message is in, and how the delivery ledger keeps it. */
class ForumTopicTest {

    @Test
    void aTopicMessageIsInItsTopicButAReplyThreadOutsideAForumIsNoTopic() {
        Message inTopic = new Message();
        inTopic.setMessageThreadId(77);
        inTopic.setIsTopicMessage(true);
        assertThat(Incoming.topic(inTopic)).isEqualTo(77);

        // A reply in a plain supergroup carries the thread of replies, which must not be sent back.
        Message replyThread = new Message();
        replyThread.setMessageThreadId(12);
        assertThat(Incoming.topic(replyThread)).isZero();

        // A forum's General topic: no thread id.
        assertThat(Incoming.topic(new Message())).isZero();
    }

    @Test
    void theLedgerKeepsTheTopicWithTheChatAndReadsOlderRowsAsNoTopic() {
        Where inTopic = new Where(-1001234567890L, 77);
        assertThat(inTopic.ledgerKey()).isEqualTo("-1001234567890:77");
        assertThat(Where.ofLedger(inTopic.ledgerKey())).isEqualTo(inTopic);
        assertThat(Where.ofLedger("-1001234567890")).isEqualTo(new Where(-1001234567890L, 0));
        assertThat(Where.ofLedger("-1001234567890").threadId()).isNull();
        assertThat(Where.chat(42).ledgerKey()).isEqualTo("42");
    }
}
