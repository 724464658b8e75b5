package dev.laurel.members;

/** An identifier of a member in another system ({@code type} such as {@code loyalty_card}), unique within a program. */
public record Identifier(String type, String value) {}
