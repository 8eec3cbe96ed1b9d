package io.github.wxminiauth.test.wechat;

import java.nio.charset.StandardCharsets;

import org.springframework.util.Assert;

/**
 * What the simulated WeChat API answers to a {@link WeChatRequest}: a status, a content type and
 * a body, or, for the {@link WeChatFault#closeConnection()} fault, no answer at all.
 * <p>
 * Its {@link #toString()} leaves the body out: it may carry a session key or an access token.
 *
 * @since 0.2.0
 */
public final class WeChatReply {

	/**
	 * WeChat's content type for its JSON replies, errors included.
	 */
	public static final String TEXT_PLAIN = "text/plain";

	private static final WeChatReply DISCONNECT = new WeChatReply(0, "", "", true);

	private final int status;

	private final String contentType;

	private final String body;

	private final boolean disconnect;

	private WeChatReply(int status, String contentType, String body, boolean disconnect) {
		this.status = status;
		this.contentType = contentType;
		this.body = body;
		this.disconnect = disconnect;
	}

	static WeChatReply of(int status, String contentType, String body) {
		Assert.isTrue(status >= 100 && status <= 599, "status must be an HTTP status");
		return new WeChatReply(status, contentType, body, false);
	}

	static WeChatReply json(String body) {
		// WeChat labels its JSON text/plain, which is part of what the simulator must reproduce
		return of(200, TEXT_PLAIN, body);
	}

	static WeChatReply disconnect() {
		return DISCONNECT;
	}

	/**
	 * Whether the server should close the connection instead of answering.
	 * @return {@code true} for a closed connection
	 */
	public boolean isDisconnect() {
		return this.disconnect;
	}

	/**
	 * Returns the HTTP status; WeChat answers 200 even for its errors.
	 * @return the status, {@code 0} for a closed connection
	 */
	public int status() {
		return this.status;
	}

	/**
	 * Returns the content type, with no charset parameter: the body is UTF-8.
	 * @return the content type
	 */
	public String contentType() {
		return this.contentType;
	}

	public String body() {
		return this.body;
	}

	/**
	 * Returns the body as UTF-8.
	 * @return the bytes to send
	 */
	public byte[] bodyBytes() {
		return this.body.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return this.disconnect ? "WeChatReply[closed connection]"
				: "WeChatReply[" + this.status + " " + this.contentType + "]";
	}

}
