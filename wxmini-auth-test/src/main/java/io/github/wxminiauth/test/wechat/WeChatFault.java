package io.github.wxminiauth.test.wechat;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A misbehaviour of WeChat's servers that a test makes the {@link WeChatSimulator} answer
 * instead of its normal reply, with {@link WeChatSimulator#failNext(WeChatApi, WeChatFault)}. A
 * faulted call redeems nothing: a login code sent to a call answered with a fault is still unused.
 *
 * @since 0.2.0
 */
public final class WeChatFault {

	private static final String HTML_PAGE = "<html><head><title>502 Bad Gateway</title></head>"
			+ "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

	private final String description;

	private final @Nullable WeChatReply reply;

	private final Duration delay;

	private WeChatFault(String description, @Nullable WeChatReply reply, Duration delay) {
		this.description = description;
		this.reply = reply;
		this.delay = delay;
	}

	/**
	 * WeChat's error reply with this {@code errcode}, e.g. 40029 (invalid code), 45011 (rate
	 * limited), 40226 (user blocked) or 40001 (invalid access token).
	 * @param errcode the error code, not 0
	 * @return the fault
	 */
	public static WeChatFault errcode(int errcode) {
		Assert.isTrue(errcode != 0, "errcode 0 means success");
		return new WeChatFault("errcode " + errcode,
				WeChatReply.json("{\"errcode\":" + errcode + ",\"errmsg\":\"simulated fault\"}"), Duration.ZERO);
	}

	/**
	 * WeChat's "system busy" reply, errcode -1, which clients retry a few times.
	 * @return the fault
	 */
	public static WeChatFault busy() {
		return new WeChatFault("busy", WeChatReply.json("{\"errcode\":-1,\"errmsg\":\"system error\"}"),
				Duration.ZERO);
	}

	/**
	 * Answers normally, after a delay: for read timeouts. The delay ends early when the
	 * simulator's server stops.
	 * @param delay how long to wait before answering
	 * @return the fault
	 */
	public static WeChatFault delay(Duration delay) {
		Assert.isTrue(delay != null && !delay.isNegative(), "delay must not be negative");
		return new WeChatFault("delay " + delay, null, delay);
	}

	/**
	 * An HTML error page with status 200, as a misconfigured gateway in front of WeChat answers.
	 * @return the fault
	 */
	public static WeChatFault htmlPage() {
		return new WeChatFault("HTML page", WeChatReply.of(200, "text/html", HTML_PAGE), Duration.ZERO);
	}

	/**
	 * An HTML error page with this HTTP status, e.g. 502.
	 * @param status the HTTP status
	 * @return the fault
	 */
	public static WeChatFault httpStatus(int status) {
		return new WeChatFault("HTTP " + status, WeChatReply.of(status, "text/html", HTML_PAGE), Duration.ZERO);
	}

	/**
	 * A reply cut off in the middle of its JSON.
	 * @return the fault
	 */
	public static WeChatFault malformedBody() {
		return new WeChatFault("malformed body", WeChatReply.json("{\"errcode\":0,\"openid\":"), Duration.ZERO);
	}

	/**
	 * The connection closed after the request was read, without an answer. Note that HTTP clients
	 * may resend a request that only reads state (code2Session) once on a fresh connection, so a
	 * test that wants the call to fail injects this fault twice.
	 * @return the fault
	 */
	public static WeChatFault closeConnection() {
		return new WeChatFault("closed connection", WeChatReply.disconnect(), Duration.ZERO);
	}

	/**
	 * Returns the reply this fault answers with.
	 * @return the reply, or {@code null} when the call is answered normally after {@link #delay()}
	 */
	@Nullable WeChatReply reply() {
		return this.reply;
	}

	Duration delay() {
		return this.delay;
	}

	@Override
	public String toString() {
		return "WeChatFault[" + this.description + "]";
	}

}
