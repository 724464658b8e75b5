package dev.laurel.members;

import java.time.Instant;
import java.util.UUID;

/**
 * Published in the transaction that erases a member's personal data: a module that keeps personal data of its own
 * about the member (the timeline's attributes) clears it in the same transaction.
 */
public record MemberErased(String programId, UUID memberId, Instant at) {}
