package io.github.vpcapi.emulator;

import java.time.Duration;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that starts an {@link EcsEmulator} before the tests of a class, clears
 * its recorded requests and faults before each test, and closes it after the class. Use
 * with {@code @RegisterExtension static}.
 */
public final class EcsEmulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

	private final EcsEmulator.Builder builder = EcsEmulator.builder();

	private EcsEmulator emulator;

	private EcsEmulatorExtension() {
	}

	/**
	 * Return an extension whose emulator accepts the given AccessKey pair.
	 * @param id the AccessKey ID
	 * @param secret the AccessKey secret
	 * @return the extension
	 */
	public static EcsEmulatorExtension withAccessKey(String id, String secret) {
		EcsEmulatorExtension extension = new EcsEmulatorExtension();
		extension.builder.accessKey(id, secret);
		return extension;
	}

	/**
	 * Accept another AccessKey pair.
	 * @param id the AccessKey ID
	 * @param secret the AccessKey secret
	 * @return this extension
	 */
	public EcsEmulatorExtension accessKey(String id, String secret) {
		this.builder.accessKey(id, secret);
		return this;
	}

	/**
	 * Accept a temporary AccessKey pair with its STS token.
	 * @param id the AccessKey ID
	 * @param secret the AccessKey secret
	 * @param securityToken the STS token
	 * @return this extension
	 */
	public EcsEmulatorExtension stsAccessKey(String id, String secret, String securityToken) {
		this.builder.stsAccessKey(id, secret, securityToken);
		return this;
	}

	/**
	 * Add an instance.
	 * @param instance the instance
	 * @return this extension
	 */
	public EcsEmulatorExtension instance(EcsInstance instance) {
		this.builder.instance(instance);
		return this;
	}

	/**
	 * Set whether the port speaks TLS to direct clients.
	 * @param directTls whether to speak TLS directly
	 * @return this extension
	 */
	public EcsEmulatorExtension tls(boolean directTls) {
		this.builder.tls(directTls);
		return this;
	}

	/**
	 * Set the timestamp tolerance.
	 * @param tolerance the tolerance
	 * @return this extension
	 */
	public EcsEmulatorExtension timestampTolerance(Duration tolerance) {
		this.builder.timestampTolerance(tolerance);
		return this;
	}

	/**
	 * Return the running emulator.
	 * @return the emulator
	 */
	public EcsEmulator emulator() {
		if (this.emulator == null) {
			throw new IllegalStateException("The emulator starts in beforeAll; register the extension as static");
		}
		return this.emulator;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.emulator = this.builder.start();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.emulator.clearRequests();
		this.emulator.clearFaults();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.emulator != null) {
			this.emulator.close();
			this.emulator = null;
		}
	}

}
