package dev.atelier.core.prompt;

/**
 * A prompt model could not answer: its server was unreachable, refused the request, timed out
 * or sent something that is not a reply. The message is written for the person who runs
 * Atelier (it names the server and what it said) and never holds a credential.
 */
public class PromptModelException extends RuntimeException {

    public PromptModelException(String message) {
        super(message);
    }

    public PromptModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
