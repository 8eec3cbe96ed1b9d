package io.github.wxminiauth.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.wxminiauth.accesstoken.AccessTokenCache;
import io.github.wxminiauth.wechat.WxAccessToken;
import io.github.wxminiauth.wechat.WxUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * An {@link AccessTokenCache} in Redis, shared by every instance: the WeChat access token of an app
 * is fetched by one caller in the whole cluster at a time, and every instance uses the token it
 * wrote.
 * <p>
 * Keys, under a configurable prefix: {@code {prefix}{appid}:access-token} holds the token as
 * {@code obtainedAt:expiresAt:value} (epoch milliseconds) and expires with it;
 * {@code {prefix}{appid}:access-token:lock} is the renewal lock.
 * <p>
 * Renewal is a cluster-wide single flight. The caller that takes the lock ({@code SET NX PX} with a
 * random owner and a lease longer than a fetch can take) looks at the cached token once more, fetches
 * a new one, writes it and releases the lock only if it still owns it. The others wait, polling,
 * and return the token the owner wrote; if the lock ends without a usable token (the owner failed
 * or died), one of them takes over. Within one instance, callers queue on a local lock first, so
 * only one of them talks to Redis while a renewal is under way.
 * <p>
 * When Redis does not answer, the cache falls back to the token this instance last saw and to a
 * fetch of its own, under the local lock, and logs a warning once per outage: WeChat calls keep
 * working, at worst with one fetch per instance. The token value is never logged.
 *
 * @since 0.1.0
 */
public final class RedisAccessTokenCache implements AccessTokenCache {

	/** Default pause between two looks of a caller waiting for another's renewal. */
	public static final Duration DEFAULT_WAIT_INTERVAL = Duration.ofMillis(25);

	private static final Log logger = LogFactory.getLog(RedisAccessTokenCache.class);

	private static final RedisScript<Long> RELEASE = new DefaultRedisScript<>("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
				return redis.call('DEL', KEYS[1])
			end
			return 0
			""", Long.class);

	private static final RedisScript<Long> EXPIRE_IF_CURRENT = new DefaultRedisScript<>("""
			local stored = redis.call('GET', KEYS[1])
			if not stored then
				return 0
			end
			local value = string.match(stored, '^%d+:%d+:(.*)$')
			if value == ARGV[1] then
				return redis.call('DEL', KEYS[1])
			end
			return 0
			""", Long.class);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final Clock clock;

	private final Duration lockLease;

	private final Duration waitInterval;

	private final ConcurrentMap<String, Lock> localLocks = new ConcurrentHashMap<>();

	/** The token each app had when Redis last answered, or that this instance fetched without it. */
	private final ConcurrentMap<String, WxAccessToken> lastSeen = new ConcurrentHashMap<>();

	private final AtomicBoolean redisDown = new AtomicBoolean();

	/**
	 * Creates a cache.
	 * @param redis the Redis operations
	 * @param keyPrefix the prefix of every key, e.g. {@code wxmini:}
	 * @param clock the clock that sets the keys' time to live
	 * @param lockLease how long the renewal lock is held at most; longer than a fetch can take, with
	 * its timeouts and retries, or a slow fetch would let a second one start
	 */
	public RedisAccessTokenCache(StringRedisTemplate redis, String keyPrefix, Clock clock, Duration lockLease) {
		this(redis, keyPrefix, clock, lockLease, DEFAULT_WAIT_INTERVAL);
	}

	RedisAccessTokenCache(StringRedisTemplate redis, String keyPrefix, Clock clock, Duration lockLease,
			Duration waitInterval) {
		Assert.notNull(redis, "redis must not be null");
		Assert.notNull(keyPrefix, "keyPrefix must not be null");
		Assert.notNull(clock, "clock must not be null");
		Assert.isTrue(isPositive(lockLease), "lockLease must be positive");
		Assert.isTrue(isPositive(waitInterval), "waitInterval must be positive");
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.clock = clock;
		this.lockLease = lockLease;
		this.waitInterval = waitInterval;
	}

	@Override
	public @Nullable WxAccessToken get(String appId) {
		Assert.hasText(appId, "appId must not be empty");
		try {
			WxAccessToken token = read(appId);
			redisAnswered();
			return token;
		}
		catch (DataAccessException ex) {
			redisFailed(ex);
			return this.lastSeen.get(appId);
		}
	}

	@Override
	public WxAccessToken renew(String appId, Predicate<WxAccessToken> usable, Supplier<WxAccessToken> fetcher) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.notNull(usable, "usable must not be null");
		Assert.notNull(fetcher, "fetcher must not be null");
		// A ReentrantLock rather than synchronized: the fetch is a blocking HTTP call, and a virtual
		// thread must not pin its carrier while it waits.
		Lock localLock = this.localLocks.computeIfAbsent(appId, (key) -> new ReentrantLock());
		localLock.lock();
		try {
			return renewInCluster(appId, usable, fetcher);
		}
		catch (RedisUnavailable ex) {
			redisFailed(ex.getCause());
			return renewLocally(appId, usable, fetcher);
		}
		finally {
			localLock.unlock();
		}
	}

	@Override
	public boolean expireIfCurrent(String appId, String failedValue) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(failedValue, "failedValue must not be empty");
		boolean expiredLocally = expireLocally(appId, failedValue);
		try {
			Long deleted = this.redis.execute(EXPIRE_IF_CURRENT, List.of(tokenKey(appId)), failedValue);
			redisAnswered();
			return deleted != null && deleted > 0;
		}
		catch (DataAccessException ex) {
			redisFailed(ex);
			return expiredLocally;
		}
	}

	private WxAccessToken renewInCluster(String appId, Predicate<WxAccessToken> usable,
			Supplier<WxAccessToken> fetcher) {
		long deadline = System.nanoTime() + this.lockLease.multipliedBy(2).toNanos();
		while (true) {
			WxAccessToken cached = readOrThrow(appId);
			if (cached != null && usable.test(cached)) {
				return cached;
			}
			String owner = UUID.randomUUID().toString();
			if (tryLock(appId, owner)) {
				try {
					return renewAsOwner(appId, usable, fetcher);
				}
				finally {
					unlock(appId, owner);
				}
			}
			if (System.nanoTime() - deadline > 0) {
				// The lock keeps being renewed by others, yet no usable token appears: do not wait
				// forever.
				logger.warn("No WeChat access token of app " + appId + " appeared in Redis within "
						+ this.lockLease.multipliedBy(2) + "; fetching it without cluster-wide single flight");
				return renewLocally(appId, usable, fetcher);
			}
			pause();
		}
	}

	private WxAccessToken renewAsOwner(String appId, Predicate<WxAccessToken> usable,
			Supplier<WxAccessToken> fetcher) {
		// Another owner may have written a token between this caller's look and its lock.
		WxAccessToken cached = readOrThrow(appId);
		if (cached != null && usable.test(cached)) {
			return cached;
		}
		WxAccessToken fetched = fetch(fetcher);
		this.lastSeen.put(appId, fetched);
		try {
			write(appId, fetched);
		}
		catch (DataAccessException ex) {
			// The token is good whether or not the others can see it.
			redisFailed(ex);
		}
		return fetched;
	}

	private WxAccessToken renewLocally(String appId, Predicate<WxAccessToken> usable,
			Supplier<WxAccessToken> fetcher) {
		WxAccessToken known = this.lastSeen.get(appId);
		if (known != null && usable.test(known)) {
			return known;
		}
		WxAccessToken fetched = fetch(fetcher);
		this.lastSeen.put(appId, fetched);
		return fetched;
	}

	private static WxAccessToken fetch(Supplier<WxAccessToken> fetcher) {
		WxAccessToken fetched = fetcher.get();
		Assert.state(fetched != null, "fetcher must not return null");
		return fetched;
	}

	private @Nullable WxAccessToken readOrThrow(String appId) {
		try {
			WxAccessToken token = read(appId);
			redisAnswered();
			return token;
		}
		catch (DataAccessException ex) {
			throw new RedisUnavailable(ex);
		}
	}

	private @Nullable WxAccessToken read(String appId) {
		String stored = this.redis.opsForValue().get(tokenKey(appId));
		WxAccessToken token = parse(stored);
		if (token != null) {
			this.lastSeen.put(appId, token);
		}
		return token;
	}

	private void write(String appId, WxAccessToken token) {
		String stored = token.obtainedAt().toEpochMilli() + ":" + token.expiresAt().toEpochMilli() + ":"
				+ token.value();
		long ttl = Math.max(1, token.expiresAt().toEpochMilli() - this.clock.millis());
		this.redis.opsForValue().set(tokenKey(appId), stored, Duration.ofMillis(ttl));
	}

	private boolean tryLock(String appId, String owner) {
		try {
			return Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(lockKey(appId), owner, this.lockLease));
		}
		catch (DataAccessException ex) {
			throw new RedisUnavailable(ex);
		}
	}

	private void unlock(String appId, String owner) {
		try {
			this.redis.execute(RELEASE, List.of(lockKey(appId)), owner);
		}
		catch (DataAccessException ex) {
			// The lease ends the lock anyway.
			logger.debug(LogMessage.format("Could not release the access-token lock of app %s: %s", appId, ex));
		}
	}

	private boolean expireLocally(String appId, String failedValue) {
		WxAccessToken known = this.lastSeen.get(appId);
		return known != null && known.value().equals(failedValue) && this.lastSeen.remove(appId, known);
	}

	private void pause() {
		try {
			TimeUnit.NANOSECONDS.sleep(this.waitInterval.toNanos());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WxUnavailableException("stable_token", null,
					"Interrupted while waiting for another instance to renew the access token", ex);
		}
	}

	private void redisFailed(Throwable ex) {
		if (this.redisDown.compareAndSet(false, true)) {
			logger.warn("Redis unavailable: fetching the WeChat access token without cluster-wide single flight ("
					+ ex.getClass().getName() + ")");
		}
	}

	private void redisAnswered() {
		if (this.redisDown.compareAndSet(true, false)) {
			logger.info("Redis available again: the WeChat access token is shared by every instance again");
		}
	}

	private String tokenKey(String appId) {
		return this.keyPrefix + appId + ":access-token";
	}

	private String lockKey(String appId) {
		return tokenKey(appId) + ":lock";
	}

	private static @Nullable WxAccessToken parse(@Nullable String stored) {
		if (stored == null) {
			return null;
		}
		String[] parts = stored.split(":", 3);
		if (parts.length != 3 || parts[2].isEmpty()) {
			return null;
		}
		try {
			return new WxAccessToken(parts[2], Instant.ofEpochMilli(Long.parseLong(parts[0])),
					Instant.ofEpochMilli(Long.parseLong(parts[1])));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static boolean isPositive(@Nullable Duration duration) {
		return duration != null && !duration.isNegative() && !duration.isZero();
	}

	@Override
	public String toString() {
		return "RedisAccessTokenCache[keys=" + this.keyPrefix + "{appid}:access-token, lockLease=" + this.lockLease
				+ "]";
	}

	/**
	 * Redis did not answer during a renewal: the caller falls back to renewing locally.
	 */
	private static final class RedisUnavailable extends RuntimeException {

		RedisUnavailable(DataAccessException cause) {
			super(cause);
		}

	}

}
