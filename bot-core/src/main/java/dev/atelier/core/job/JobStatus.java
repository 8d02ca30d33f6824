package dev.atelier.core.job;

import java.util.Locale;

public enum JobStatus {
    QUEUED, RUNNING, DONE, FAILED, CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
