package dev.laurel.members;

import dev.laurel.platform.Problem;

/** No such member in the caller's program (which is also what a member of another program looks like). */
public final class MemberNotFound extends Problem {
    public MemberNotFound(String memberId) {
        super(404, "member-not-found", "Member not found", "No member '" + memberId + "' in this program.");
    }
}
