package dev.atelier.discord;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RepliesTest {

    private static final Duration LIFETIME = Duration.ofMinutes(15);

    @Test
    void aChannelMessagesAddressReadsBackAsThatMessage() {
        String address = Replies.channelAddress("111", "222", "333");
        Reply reply = Replies.restore(address, null, LIFETIME).orElseThrow();
        assertThat(reply).isEqualTo(new Reply.RestoredChannelMessage(null, "111", "222", "333"));
        assertThat(reply.address()).isEqualTo(address);
    }

    @Test
    void withoutAnAddressTheResultGoesToTheChatAsANewMessage() {
        assertThat(Replies.restore(null, "111:333", null, LIFETIME)).contains(new Reply.NewChannelMessage(null, "111", "333"));
        assertThat(Replies.restore("x:what", "111:333", null, LIFETIME)).contains(new Reply.NewChannelMessage(null, "111", "333"));
    }

    @Test
    void anAddressOrChatThatIsNotOursReadsAsNothing() {
        assertThat(Replies.restore("c:1:2", null, LIFETIME)).isEmpty();
        assertThat(Replies.restore("c:a:b:c", null, LIFETIME)).isEmpty();
        assertThat(Replies.restore("i:1:2:3:4:", null, LIFETIME)).isEmpty();
        assertThat(Replies.restore(null, "web-chat", null, LIFETIME)).isEmpty();
    }
}
