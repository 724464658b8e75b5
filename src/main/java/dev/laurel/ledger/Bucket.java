package dev.laurel.ledger;

import java.time.LocalDate;

/** Points by the date their lots expire (in the program's zone); {@code expirationDate} is null for points that never expire. */
public record Bucket(LocalDate expirationDate, long points) {}
