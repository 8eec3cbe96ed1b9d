package io.github.wxminiauth.redis;

import java.time.Duration;

import io.github.wxminiauth.sessionkey.SessionKeyStore;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * A {@link SessionKeyStore} in Redis: the latest session key of a user is kept under
 * {@code {prefix}{appid}:session-key:{openid}} for a fixed time after the login, on every instance.
 * <p>
 * Session keys are stored as they are, because the features that need them decrypt with them.
 * They do not let anyone log in to the application, but whoever can read Redis can read them:
 * protect Redis accordingly (password, network, TLS).
 *
 * @since 0.1.0
 */
public final class RedisSessionKeyStore implements SessionKeyStore {

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final Duration ttl;

	/**
	 * Creates a store.
	 * @param redis the Redis operations
	 * @param keyPrefix the prefix of every key, e.g. {@code wxmini:}
	 * @param ttl how long a session key is kept after it was saved
	 */
	public RedisSessionKeyStore(StringRedisTemplate redis, String keyPrefix, Duration ttl) {
		Assert.notNull(redis, "redis must not be null");
		Assert.notNull(keyPrefix, "keyPrefix must not be null");
		Assert.isTrue(ttl != null && !ttl.isNegative() && !ttl.isZero(), "ttl must be positive");
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.ttl = ttl;
	}

	@Override
	public void save(String appId, String openid, String sessionKey) {
		Assert.hasText(sessionKey, "sessionKey must not be empty");
		this.redis.opsForValue().set(key(appId, openid), sessionKey, this.ttl);
	}

	@Override
	public @Nullable String find(String appId, String openid) {
		return this.redis.opsForValue().get(key(appId, openid));
	}

	private String key(String appId, String openid) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		return this.keyPrefix + appId + ":session-key:" + openid;
	}

	@Override
	public String toString() {
		return "RedisSessionKeyStore[keys=" + this.keyPrefix + "{appid}:session-key:{openid}, ttl=" + this.ttl + "]";
	}

}
