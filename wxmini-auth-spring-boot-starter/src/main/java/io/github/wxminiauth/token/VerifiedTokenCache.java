package io.github.wxminiauth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jspecify.annotations.Nullable;

/**
 * Access tokens that passed every check of {@link AccessJwtCodec}, by their exact text. A mini
 * program sends the same token with every request of a session, so verifying it once per
 * instance saves a JSON parse and a signature check on every later request (the bulk of an
 * authenticated request's cost in the benchmark).
 * <p>
 * Safe because the key is the whole token: any other text, however close, misses and is
 * verified in full. A hit still honours the token's expiry with the same clock and skew. Only
 * tokens that verified are stored, so garbage cannot fill it; it is bounded, and emptied when
 * full. Revocation is not cached here, nor whether the token's app is still served: the token
 * service checks both on every request, so a token of an app removed at runtime is refused even
 * while it is cached here.
 */
final class VerifiedTokenCache {

	static final int DEFAULT_MAX_SIZE = 4096;

	private final ConcurrentMap<String, VerifiedAccessToken> tokens = new ConcurrentHashMap<>();

	private final Clock clock;

	private final Duration clockSkew;

	private final int maxSize;

	VerifiedTokenCache(Clock clock, Duration clockSkew, int maxSize) {
		this.clock = clock;
		this.clockSkew = clockSkew;
		this.maxSize = maxSize;
	}

	/**
	 * Returns the verified token for exactly this text, if it is cached and not yet expired.
	 */
	@Nullable VerifiedAccessToken get(String token) {
		VerifiedAccessToken verified = this.tokens.get(token);
		if (verified == null) {
			return null;
		}
		Instant now = this.clock.instant();
		if (now.isAfter(verified.expiresAt().plus(this.clockSkew))) {
			this.tokens.remove(token, verified);
			return null;
		}
		return verified;
	}

	void put(String token, VerifiedAccessToken verified) {
		if (this.tokens.size() >= this.maxSize) {
			// Wholesale rather than per entry: simple, bounded, and at worst a burst of
			// re-verification that costs what every request cost without the cache.
			this.tokens.clear();
		}
		this.tokens.put(token, verified);
	}

	int size() {
		return this.tokens.size();
	}

}
