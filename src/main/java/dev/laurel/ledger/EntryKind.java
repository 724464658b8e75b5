package dev.laurel.ledger;

/** What an entry did: earned a lot, spent from lots, expired a lot, or reversed an earlier entry. */
public enum EntryKind { EARN, SPEND, EXPIRE, REVERSAL }
