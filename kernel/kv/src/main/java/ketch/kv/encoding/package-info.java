/** The compact binary primitives (varints, length-prefixed bytes) shared by the command codec and the snapshot. */
package ketch.kv.encoding;
