package io.github.vpcapi.autoconfigure;

import com.aliyuncs.profile.DefaultProfile;

/**
 * Callback to adjust the client profile, and through
 * {@link DefaultProfile#getHttpClientConfig()} its HTTP settings, before the
 * auto-configured {@code IAcsClient} is built. Customizers run in {@code @Order} order,
 * after the properties have been applied.
 * <p>
 * The endpoint, the transport and TLS verification are not theirs to change: the client
 * always calls the one resolved endpoint through its own connection pool and refuses
 * {@code setIgnoreSSLCerts(true)}.
 */
@FunctionalInterface
public interface AliyunEcsClientCustomizer {

	/**
	 * Customize the profile the client is built from.
	 * @param profile the client profile
	 */
	void customize(DefaultProfile profile);

}
