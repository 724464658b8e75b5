package dev.laurel.members;

import java.time.Instant;

/** That a member's personal data was erased: when, and by whom (the API key's name). */
public record MemberErasure(MemberId memberId, Instant erasedAt, String erasedBy) {}
