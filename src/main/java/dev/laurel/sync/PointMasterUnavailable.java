package dev.laurel.sync;

import dev.laurel.platform.Problem;

/** The point master failed, did not answer in time, answered garbage, or may not be called: 502. */
public final class PointMasterUnavailable extends Problem {
    public PointMasterUnavailable(String code, String detail) {
        super(502, code, "Point master unavailable", detail);
    }
}
