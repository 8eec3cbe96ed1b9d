package io.github.wxminiauth.accesstoken.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What a {@link CachingAccessTokenProvider} knows about the access token of one app, read
 * without calling WeChat (for health probes). It never holds the token itself.
 *
 * @param state the state
 * @param expiresAt when the cached token expires, or {@code null} when none is cached
 * @since 0.1.0
 */
public record AccessTokenStatus(State state, @Nullable Instant expiresAt) {

	public AccessTokenStatus {
		Assert.notNull(state, "state must not be null");
	}

	/**
	 * The state of an app's access token.
	 */
	public enum State {

		/**
		 * No valid token is cached and no fetch has failed: nothing was needed yet, or the token
		 * expired or was rejected and nobody has needed one since. The next caller fetches one.
		 */
		UNKNOWN,

		/** A valid token is cached and not yet due for renewal. */
		FRESH,

		/**
		 * A valid token is cached but past its renewal point (the next caller renews it), or a
		 * fetch is in flight.
		 */
		RENEWING,

		/** The last fetch failed and no valid token is cached: WeChat APIs that need one fail. */
		FAILING

	}

}
