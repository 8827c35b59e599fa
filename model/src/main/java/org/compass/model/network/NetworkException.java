package org.compass.model.network;

/** A network definition that cannot be built: bad shapes, unknown inputs, cycles. */
public class NetworkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NetworkException(String message) {
        super(message);
    }
}
