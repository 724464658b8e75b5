package dev.laurel.proof.fuzz;

import java.util.List;
import java.util.UUID;

/**
 * What the fuzzer knows of the running Laurel, so that its requests reach past "no such member": three
 * programs of its own (a point master, a point follower, and another program whose key must never open
 * the first two's resources), and ids that exist in them.
 *
 * @param oddMember a member of {@code master} whose id, written as {@code 1-2-3-4-5}, is a non-canonical UUID
 *        that Java's {@code UUID.fromString} still reads as that member
 */
record FuzzContext(Party master, Party follower, Party other, UUID oddMember, String pointMasterUrl) {

    /** The non-canonical spelling of {@link #oddMember}. */
    static final String ODD_MEMBER_TEXT = "1-2-3-4-5";
    static final UUID ODD_MEMBER = UUID.fromString(ODD_MEMBER_TEXT);

    /**
     * One program: its id and keys, and ids of things in it.
     *
     * @param entries an earning entry of each member in {@code members}, same order
     * @param pointAccountIds SessionM point_account_ids of the program's definitions
     * @param document the program document as GET answers it (JSON), for PUT
     */
    record Party(String programId, String adminKey, String partnerKey, String appKey, List<UUID> members, List<UUID> entries,
            List<String> emails, List<String> externalIds, List<String> mobileNumbers, List<String> orders,
            List<UUID> webhookEvents, List<UUID> imports, List<String> pointAccountIds, String campaignId, String document) {}
}
