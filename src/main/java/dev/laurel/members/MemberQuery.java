package dev.laurel.members;

/** Exact-match search criteria, all optional and combined with AND; {@code after} is the paging cursor. */
public record MemberQuery(String email, String externalId, String mobileNumber, Identifier identifier, MemberId after, int limit) {

    public static final int LIMIT_MAX = 500;
    public static final int LIMIT_DEFAULT = 50;
}
