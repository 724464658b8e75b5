package dev.laurel.members;

import java.time.Instant;
import java.util.UUID;

/** A member opted in (or out): on create with optedIn, or by a change. Published inside the members transaction. */
public record MemberOptInChanged(String programId, UUID memberId, boolean optedIn, Instant at) {}
