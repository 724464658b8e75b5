package dev.laurel.web;

import java.io.Serializable;

/** A signed-in console user: the program they work in (they see nothing of any other), their username and name. */
public record Operator(String programId, String username, String name) implements Serializable {}
