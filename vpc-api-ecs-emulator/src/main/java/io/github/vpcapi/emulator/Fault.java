package io.github.vpcapi.emulator;

import java.time.Duration;

/**
 * A fault the emulator injects instead of (or before) its normal answer. Immutable;
 * {@link #times(int)} limits it to the next matching requests.
 */
public final class Fault {

	enum Kind {

		ERROR, DELAY, HANG, RESET, TRUNCATED

	}

	final Kind kind;

	final int status;

	final String code;

	final String message;

	final Duration delay;

	final int times;

	private Fault(Kind kind, int status, String code, String message, Duration delay, int times) {
		this.kind = kind;
		this.status = status;
		this.code = code;
		this.message = message;
		this.delay = delay;
		this.times = times;
	}

	/**
	 * Answer 400 {@code Throttling.User}.
	 * @return the fault
	 */
	public static Fault throttling() {
		return error(400, "Throttling.User", "Request was denied due to user flow control.");
	}

	/**
	 * Answer 503 {@code ServiceUnavailable}.
	 * @return the fault
	 */
	public static Fault serviceUnavailable() {
		return error(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.");
	}

	/**
	 * Answer 403 {@code Forbidden.RAM}.
	 * @return the fault
	 */
	public static Fault forbiddenRam() {
		return error(403, "Forbidden.RAM", "User not authorized to operate on the specified resource, or this API "
				+ "doesn't support RAM.");
	}

	/**
	 * Answer normally after a delay.
	 * @param delay the delay
	 * @return the fault
	 */
	public static Fault delay(Duration delay) {
		return new Fault(Kind.DELAY, 0, null, null, delay, -1);
	}

	/**
	 * Read the request and never answer, until the emulator closes.
	 * @return the fault
	 */
	public static Fault hang() {
		return new Fault(Kind.HANG, 0, null, null, null, -1);
	}

	/**
	 * Reset the connection (TCP RST) instead of answering.
	 * @return the fault
	 */
	public static Fault connectionReset() {
		return new Fault(Kind.RESET, 0, null, null, null, -1);
	}

	/**
	 * Answer 200 with a JSON body cut in the middle, with a Content-Length that matches the
	 * bytes sent.
	 * @return the fault
	 */
	public static Fault truncatedBody() {
		return new Fault(Kind.TRUNCATED, 200, null, null, null, -1);
	}

	/**
	 * Answer an error.
	 * @param status the HTTP status
	 * @param code the error code
	 * @param message the error message
	 * @return the fault
	 */
	public static Fault error(int status, String code, String message) {
		return new Fault(Kind.ERROR, status, code, message, null, -1);
	}

	/**
	 * Return a copy that applies to the next {@code n} matching requests only.
	 * @param n how many requests
	 * @return the limited fault
	 */
	public Fault times(int n) {
		if (n < 1) {
			throw new IllegalArgumentException("times must be at least 1");
		}
		return new Fault(this.kind, this.status, this.code, this.message, this.delay, n);
	}

	@Override
	public String toString() {
		return "Fault[" + this.kind + ((this.code != null) ? " " + this.code : "")
				+ ((this.times > 0) ? " x" + this.times : "") + "]";
	}

}
