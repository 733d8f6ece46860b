/** Pure Raft: no threads, no I/O, no clock; time is ticks, randomness is injected. */
module ketch.raft {
    requires transitive ketch.api;

    exports ketch.raft;
}
