package dev.atelier.core.rules;

import java.time.Duration;
import java.util.Optional;

/**
 * Port: token buckets shared by every Atelier process (Redis). A bucket holds {@code burst}
 * tokens and refills {@code perMinute} of them a minute; each message takes one.
 */
public interface RateLimiter {

    /** Takes a token from the named bucket: empty when there was one, else how long until there is. */
    Optional<Duration> tryTake(String bucket, int perMinute, int burst);
}
