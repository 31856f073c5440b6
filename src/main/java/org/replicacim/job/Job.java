package org.replicacim.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of one long-running piece of work: who started it and why, its state and progress, its outcome,
 * the opaque references of the elements it affects (the CIM layer turns them into associations), and the opaque
 * resume token that lets its work be re-attached after a restart ({@code kind:details}, see {@link JobResumer}; null
 * when the work cannot be resumed).
 */
public record Job(String id, String name, String methodName, String owner, JobState state, int percentComplete,
                  int errorCode, String errorDescription, Instant timeSubmitted, Instant startTime, Instant endTime,
                  Instant timeOfLastStateChange, Duration timeBeforeRemoval, boolean deleteOnCompletion,
                  List<String> affectedElements, String resumeToken) {
    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        if (percentComplete < 0 || percentComplete > 100) {
            throw new IllegalArgumentException("percentComplete out of range: " + percentComplete);
        }
        affectedElements = List.copyOf(affectedElements);
    }

    /** A job whose work cannot be resumed after a restart. */
    public Job(String id, String name, String methodName, String owner, JobState state, int percentComplete,
               int errorCode, String errorDescription, Instant timeSubmitted, Instant startTime, Instant endTime,
               Instant timeOfLastStateChange, Duration timeBeforeRemoval, boolean deleteOnCompletion,
               List<String> affectedElements) {
        this(id, name, methodName, owner, state, percentComplete, errorCode, errorDescription, timeSubmitted,
                startTime, endTime, timeOfLastStateChange, timeBeforeRemoval, deleteOnCompletion, affectedElements,
                null);
    }

    Job withResumeToken(String token) {
        return new Job(id, name, methodName, owner, state, percentComplete, errorCode, errorDescription,
                timeSubmitted, startTime, endTime, timeOfLastStateChange, timeBeforeRemoval, deleteOnCompletion,
                affectedElements, token);
    }

    Job withState(JobState s, Instant now) {
        return new Job(id, name, methodName, owner, s, percentComplete, errorCode, errorDescription, timeSubmitted,
                s == JobState.RUNNING && startTime == null ? now : startTime, s.isFinished() ? now : endTime, now,
                timeBeforeRemoval, deleteOnCompletion, affectedElements, resumeToken);
    }

    Job withProgress(int percent) {
        return new Job(id, name, methodName, owner, state, percent, errorCode, errorDescription, timeSubmitted,
                startTime, endTime, timeOfLastStateChange, timeBeforeRemoval, deleteOnCompletion, affectedElements,
                resumeToken);
    }

    Job withError(int code, String description) {
        return new Job(id, name, methodName, owner, state, percentComplete, code, description, timeSubmitted,
                startTime, endTime, timeOfLastStateChange, timeBeforeRemoval, deleteOnCompletion, affectedElements,
                resumeToken);
    }

    Job withAffectedElement(String element) {
        List<String> all = new java.util.ArrayList<>(affectedElements);
        all.add(element);
        return new Job(id, name, methodName, owner, state, percentComplete, errorCode, errorDescription,
                timeSubmitted, startTime, endTime, timeOfLastStateChange, timeBeforeRemoval, deleteOnCompletion, all,
                resumeToken);
    }

    /** A copy with the client-writable settings changed. */
    public Job withRemovalPolicy(Duration timeBeforeRemoval, boolean deleteOnCompletion) {
        return new Job(id, name, methodName, owner, state, percentComplete, errorCode, errorDescription,
                timeSubmitted, startTime, endTime, timeOfLastStateChange, timeBeforeRemoval, deleteOnCompletion,
                affectedElements, resumeToken);
    }

    /** How long the job has run (until now, or until it ended). */
    public Duration elapsed(Instant now) {
        if (startTime == null) {
            return Duration.ZERO;
        }
        return Duration.between(startTime, endTime == null ? now : endTime);
    }
}
