package dev.laurel.members;

import java.util.List;

/** One page of members; {@code next} is where the next page starts, or null on the last page. */
public record MemberPage(List<Member> items, MemberId next) {}
