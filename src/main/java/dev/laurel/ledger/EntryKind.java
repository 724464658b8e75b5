package dev.laurel.ledger;

/**
 * What an entry did: earned a lot, spent from lots, expired a lot, reversed an earlier entry, held points at the
 * till (a {@link Hold}: taken from lots, not spent yet), or released held points back to the lots they came from.
 */
public enum EntryKind { EARN, SPEND, EXPIRE, REVERSAL, HOLD, RELEASE }
