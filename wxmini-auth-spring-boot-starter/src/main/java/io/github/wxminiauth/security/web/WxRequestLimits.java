package io.github.wxminiauth.security.web;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Limits on the requests the starter's endpoints read, beyond what their content may be.
 *
 * <p>The endpoints read their body on a request thread: without an overall deadline, a client
 * that sends one byte every few seconds holds that thread for as long as it likes, and a few
 * hundred such clients hold every thread of the server.
 *
 * @param bodyTimeout longest time a request may take to send its body, counted from when the
 * endpoint starts reading it; a body that is not complete by then is answered 400
 * {@code invalid_request} and its connection is closed. The deadline is checked whenever bytes
 * arrive, as a blocked read cannot be cut short: a client that falls silent is ended by the
 * server's own read timeout ({@code server.tomcat.connection-timeout}) instead.
 * @since 0.2.0
 */
public record WxRequestLimits(Duration bodyTimeout) {

	/**
	 * Name of the request attribute an endpoint sets when it stopped reading a body before its
	 * end (too large, or not sent in time). The server should then close the connection after the
	 * answer rather than read the rest; the starter arranges that on an embedded Tomcat.
	 */
	public static final String BODY_ABANDONED_ATTRIBUTE = WxRequestLimits.class.getName() + ".BODY_ABANDONED";

	public WxRequestLimits {
		Assert.notNull(bodyTimeout, "bodyTimeout must not be null");
		Assert.isTrue(!bodyTimeout.isNegative() && !bodyTimeout.isZero(), "bodyTimeout must be positive");
	}

	/**
	 * The defaults of the {@code wxmini.endpoints.*} properties.
	 * @return a body timeout of 5 seconds
	 */
	public static WxRequestLimits defaults() {
		return new WxRequestLimits(Duration.ofSeconds(5));
	}

}
