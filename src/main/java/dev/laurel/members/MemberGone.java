package dev.laurel.members;

import dev.laurel.platform.Problem;

/** The member's personal data was erased: 410, with when. */
public final class MemberGone extends Problem {
    public MemberGone(MemberErasure erasure) {
        super(410, "member-erased", "Member erased", "Member '" + erasure.memberId() + "' was erased at " + erasure.erasedAt()
                + "; their ledger is kept under this id, their personal data is not.");
    }
}
