package ketch.frontend.v3;

import ketch.api.Bytes;

/**
 * The fields of one JSON object as jsonpb collects them before decoding: the last occurrence of a
 * name wins, a lowerCamel name beats the proto name, and when several fields are bad the error
 * reported is the first in proto order. A slot holds a decoded value, {@link #NULL} for a JSON
 * null (the default), or the field's {@link BadJsonException}.
 */
final class FieldSlots {
    static final Object NULL = new Object();

    private final Object[] values;
    private final boolean[] fromCamel;

    FieldSlots(int size) {
        values = new Object[size];
        fromCamel = new boolean[size];
    }

    void offer(int index, boolean camel, Object value) {
        if (values[index] != null && fromCamel[index] && !camel) {
            return; // jsonpb favours the camelCase name when both are present
        }
        values[index] = value;
        fromCamel[index] = camel;
    }

    void throwFirstError() {
        for (Object value : values) {
            if (value instanceof BadJsonException e) {
                throw e;
            }
        }
    }

    boolean has(int index) {
        return values[index] != null && values[index] != NULL;
    }

    Object get(int index) {
        return has(index) ? values[index] : null;
    }

    Bytes bytes(int index) {
        return has(index) ? Bytes.wrap((byte[]) values[index]) : Bytes.EMPTY;
    }

    long int64(int index) {
        return has(index) ? (Long) values[index] : 0L;
    }

    boolean bool(int index) {
        return has(index) && (Boolean) values[index];
    }

    int number(int index) {
        return has(index) ? (Integer) values[index] : 0;
    }
}
