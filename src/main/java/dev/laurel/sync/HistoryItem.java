package dev.laurel.sync;

import java.time.Instant;

/** One transaction of the point master's points log, as its history URL answers it. */
public record HistoryItem(Instant transactionDate, long amount, String description) {}
