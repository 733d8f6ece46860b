/** The client-facing key-value service and etcd's request and response types as records. */
package ketch.api.kv;
