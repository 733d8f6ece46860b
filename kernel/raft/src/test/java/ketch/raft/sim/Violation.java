package ketch.raft.sim;

/** A broken safety or liveness property, named by the check that caught it. */
record Violation(Check check, String detail) {

    enum Check {
        ELECTION_SAFETY,
        LOG_MATCHING,
        LEADER_COMPLETENESS,
        STATE_MACHINE_SAFETY,
        LIVENESS,
        LINEARIZABILITY,
        CRASH // the simulator or the core threw
    }

    @Override
    public String toString() {
        return check + ": " + detail;
    }
}
