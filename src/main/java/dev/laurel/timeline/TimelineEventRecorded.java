package dev.laurel.timeline;

/** An event was appended to a member's timeline (not a resend): published inside the transaction that wrote it. */
public record TimelineEventRecorded(String programId, TimelineEvent event) {}
