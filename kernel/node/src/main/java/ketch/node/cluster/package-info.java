/** Cluster identity: member and cluster ids as etcd computes them. */
package ketch.node.cluster;
