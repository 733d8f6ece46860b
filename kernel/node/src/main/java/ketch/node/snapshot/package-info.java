/** State-machine snapshots on disk: durable writes, checksummed reads, pruning. */
package ketch.node.snapshot;
