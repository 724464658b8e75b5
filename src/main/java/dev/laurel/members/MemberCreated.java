package dev.laurel.members;

/** A member was created: published inside the members transaction that stored it. */
public record MemberCreated(String programId, Member member) {}
