package dev.laurel.earning;

import dev.laurel.platform.Problem;

/** A change Laurel may not make itself on a definition another system masters. */
public final class FollowerDefinition extends Problem {
    public FollowerDefinition(int definitionId, String detail) {
        super(409, "follower-definition", "Point definition is a follower", "Point definition " + definitionId + " follows a point master: " + detail);
    }
}
