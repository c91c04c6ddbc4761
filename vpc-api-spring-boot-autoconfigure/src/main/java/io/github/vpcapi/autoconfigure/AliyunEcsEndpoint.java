package io.github.vpcapi.autoconfigure;

import io.github.vpcapi.autoconfigure.AliyunEcsProperties.Network;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties.Protocol;

/**
 * The one endpoint the auto-configured client talks to, resolved once at startup from
 * {@link AliyunEcsProperties}.
 *
 * @param regionId the region whose resources the client manages
 * @param network the network the endpoint belongs to
 * @param protocol the protocol used on the wire
 * @param host the endpoint as {@code host} or {@code host:port}
 */
public record AliyunEcsEndpoint(String regionId, Network network, Protocol protocol, String host) {

	/**
	 * Return the base URL of the endpoint, such as
	 * {@code https://ecs-vpc.cn-hangzhou.aliyuncs.com}.
	 * @return the base URL
	 */
	public String url() {
		return this.protocol.name().toLowerCase(java.util.Locale.ROOT) + "://" + this.host;
	}

}
