/** node.yaml, ETCD_* variables and flags, read into a validated {@link ketch.node.config.NodeConfig}. */
package ketch.node.config;
