/**
 * A linearizability checker in the Wing–Gong / Knossos / porcupine family: given a concurrent
 * history of operations and a sequential {@link ketch.tck.linearizability.Model}, it decides
 * whether some order of the operations, consistent with real time, explains every output.
 * Histories are split by the model's partition key first (P-compositionality), then each part is
 * searched by backtracking with memoisation of (linearized set, model state).
 */
package ketch.tck.linearizability;
