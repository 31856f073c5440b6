package org.replicacim.http;

import java.time.Duration;

/**
 * What happened to one CIM-XML request, handed to {@link RequestObserver}s when its exchange completes.
 *
 * @param requestId  the server's id of the request (also in internal-error descriptions)
 * @param user       the authenticated user, or empty when authentication is off
 * @param operation  the intrinsic operation or extrinsic method name, or {@code -} when the request was refused
 *                   before it could be read
 * @param object     the namespace and class or instance the request addressed, or {@code -}
 * @param status     {@code OK}, the CIM status symbol (e.g. {@code CIM_ERR_NOT_FOUND}), {@code HTTP_<code>} for
 *                   answers without a CIM-XML body, or {@code ABORTED} when the connection broke
 * @param httpStatus the HTTP status sent (0 when the exchange was aborted)
 * @param duration   from the arrival of the request to the completion of its response
 */
public record RequestRecord(String requestId, String user, String operation, String object, String status,
                            int httpStatus, Duration duration) {
}
