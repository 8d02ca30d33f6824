package dev.atelier.web.problem;

import dev.atelier.core.turn.RejectedTurnException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * A refused turn becomes a 4xx problem with bot-core's own words as the detail; a refusal that
 * passes (a rate limit, a used-up day) says when to come back in {@code Retry-After}.
 */
@Produces
@Singleton
public final class RejectedTurnHandler implements ExceptionHandler<RejectedTurnException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, RejectedTurnException e) {
        HttpStatus status = switch (e.reason()) {
            case INVALID, BLOCKED -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case TOO_LARGE -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
            case UNSUPPORTED_MEDIA -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case BANNED -> HttpStatus.FORBIDDEN;
            case RATE_LIMITED, QUOTA_EXCEEDED -> HttpStatus.TOO_MANY_REQUESTS;
        };
        MutableHttpResponse<Problem> response = Problem.response(status, e.getMessage());
        if (e.retryAfter() != null) {
            // Whole seconds, rounded up (RFC 9110 delay-seconds): a client that waits this long gets in.
            long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        return response;
    }
}
