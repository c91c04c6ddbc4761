package io.github.vpcapi.emulator;

import java.time.Instant;
import java.util.Map;

/**
 * A request the emulator received, for assertions. Holds no secret: the signature and the
 * STS token are left out of {@link #parameters()}.
 *
 * @param receivedAt when the request arrived
 * @param host the host the client targeted: the absolute URI's host, the CONNECT host, or
 * the Host header of a direct request
 * @param port the port the client targeted
 * @param tls whether the request came over TLS
 * @param viaProxy whether the client used the emulator as its HTTP proxy
 * @param method the HTTP method
 * @param action the {@code Action} parameter
 * @param version the {@code Version} parameter
 * @param regionId the {@code RegionId} parameter
 * @param accessKeyId the {@code AccessKeyId} parameter
 * @param signatureValid whether the signature checked out
 * @param status the HTTP status answered, 0 when no answer was sent (hang, reset)
 * @param errorCode the error code answered, {@code null} on success
 * @param parameters the request parameters but {@code Signature} and {@code SecurityToken}
 */
public record RecordedRequest(Instant receivedAt, String host, int port, boolean tls, boolean viaProxy, String method,
		String action, String version, String regionId, String accessKeyId, boolean signatureValid, int status,
		String errorCode, Map<String, String> parameters) {

}
