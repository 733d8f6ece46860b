/**
 * ketch-bench: a load tool with etcd's {@code benchmark} flags and report, speaking the v3 JSON API
 * over persistent HTTP/1.1 connections with pipelining, so the same run can target Ketch or etcd.
 */
package ketch.bench;
