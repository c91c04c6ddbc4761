package io.github.vpcapi.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when an {@code aliyun.ecs.*} property has a value the starter cannot use. Carries
 * the property, what is wrong and how to fix it, for the failure analysis. The value of a
 * secret property is never carried.
 */
public class InvalidAliyunEcsPropertyException extends RuntimeException {

	private final String property;

	private final @Nullable String value;

	private final String reason;

	private final String action;

	/**
	 * Create a new exception.
	 * @param property the full name of the property, such as {@code aliyun.ecs.region}
	 * @param value the offending value, or {@code null} when it is absent or secret
	 * @param reason what is wrong with it
	 * @param action how to fix it
	 */
	public InvalidAliyunEcsPropertyException(String property, @Nullable Object value, String reason, String action) {
		super(property + ": " + reason);
		this.property = property;
		this.value = (value != null) ? value.toString() : null;
		this.reason = reason;
		this.action = action;
	}

	/**
	 * Return the full name of the offending property.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return the offending value, if it may be shown.
	 * @return the value or {@code null}
	 */
	public @Nullable String getValue() {
		return this.value;
	}

	/**
	 * Return what is wrong with the property.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * Return how to fix the property.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
