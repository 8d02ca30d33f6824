package dev.atelier.admin.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the pages show them (UTC, as the audit log and quotas count days); {@code fmt} in templates. */
public final class Times {

    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    public String second(Instant at) {
        return at == null ? "" : SECOND.format(at);
    }

    public String minute(Instant at) {
        return at == null ? "" : MINUTE.format(at);
    }

    public String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }
}
