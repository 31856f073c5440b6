package org.replicacim.codec;

import org.replicacim.message.OperationRequest;

/** A decoded operation request: the MESSAGE ID to echo, the MESSAGE PROTOCOLVERSION and the typed request. */
public record DecodedRequest(String messageId, String protocolVersion, OperationRequest request) {
}
