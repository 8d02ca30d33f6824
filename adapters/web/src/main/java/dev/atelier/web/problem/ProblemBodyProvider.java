package dev.atelier.web.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;

import java.util.stream.Collectors;

/**
 * Micronaut's own refusals (no such route, wrong media type, a body it cannot read) as problem
 * documents too, instead of its default error JSON.
 */
@Singleton
@Replaces(JsonErrorResponseBodyProvider.class)
public final class ProblemBodyProvider implements JsonErrorResponseBodyProvider<Problem> {

    @Override
    public Problem body(ErrorContext context, HttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        // A server error's message can carry internals (SQL, paths): the log has it, the client does not.
        String detail = status.getCode() >= 500 ? "Atelier could not handle this request; the server log says why."
                : context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        return new Problem("about:blank", status.getReason(), status.getCode(),
                detail.isBlank() ? status.getReason() : detail);
    }

    @Override
    public String contentType() {
        return Problem.MEDIA_TYPE;
    }
}
