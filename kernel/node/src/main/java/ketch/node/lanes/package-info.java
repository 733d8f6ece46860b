/** The node's threads: the raft, append and apply lanes and the ticker that drives Raft's clock. */
package ketch.node.lanes;
