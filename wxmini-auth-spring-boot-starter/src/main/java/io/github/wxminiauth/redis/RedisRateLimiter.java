package io.github.wxminiauth.redis;

import io.github.wxminiauth.ratelimit.RateLimit;
import io.github.wxminiauth.ratelimit.RateLimitDecision;
import io.github.wxminiauth.ratelimit.RateLimiter;
import io.github.wxminiauth.ratelimit.internal.Buckets;
import io.github.wxminiauth.ratelimit.internal.ClockTimeMeter;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.Assert;

/**
 * A {@link RateLimiter} in Redis, shared by every instance: one Bucket4j bucket per limit and
 * client under {@code {prefix}rate-limit:{limit}:{client}}, updated by compare-and-swap, expiring
 * once it would be full again.
 * <p>
 * It talks to Redis through the Lettuce client of the application's
 * {@link LettuceConnectionFactory} (Spring Boot's {@code spring.data.redis.*}), on a connection of
 * its own opened at first use.
 * <p>
 * When Redis does not answer within the timeout, requests are let through: logging in must not
 * depend on the limiter. A warning is logged once per outage and an info line when Redis answers
 * again. While there is no connection, a new one is tried at most every five seconds, so that an
 * outage does not make every request wait for a connect timeout.
 *
 * @since 0.1.0
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisRateLimiter.class);

	private static final Duration RECONNECT_INTERVAL = Duration.ofSeconds(5);

	/** Keeps a bucket a little longer than its refill, for clock differences between instances. */
	private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);

	private final LettuceConnectionFactory connectionFactory;

	private final String keyPrefix;

	private final Clock clock;

	private final Duration timeout;

	private final ReentrantLock connectLock = new ReentrantLock();

	private final AtomicBoolean reachable = new AtomicBoolean(true);

	private final Map<RateLimit, BucketConfiguration> configurations = new ConcurrentHashMap<>();

	private volatile @Nullable ProxyManager<byte[]> buckets;

	private @Nullable StatefulConnection<byte[], byte[]> connection;

	private long nextConnectMillis;

	/**
	 * Creates a limiter.
	 * @param connectionFactory the application's connection factory, whose Lettuce client is used
	 * @param keyPrefix the prefix of every key, e.g. {@code wxmini:}
	 * @param clock the clock the buckets refill by (every instance should be in step with it)
	 * @param timeout how long a check may wait for Redis before the request is let through
	 */
	public RedisRateLimiter(LettuceConnectionFactory connectionFactory, String keyPrefix, Clock clock,
			Duration timeout) {
		Assert.notNull(connectionFactory, "connectionFactory must not be null");
		Assert.notNull(keyPrefix, "keyPrefix must not be null");
		Assert.notNull(clock, "clock must not be null");
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
		this.connectionFactory = connectionFactory;
		this.keyPrefix = keyPrefix;
		this.clock = clock;
		this.timeout = timeout;
	}

	@Override
	public RateLimitDecision tryConsume(RateLimit limit, String client) {
		Assert.notNull(limit, "limit must not be null");
		Assert.notNull(client, "client must not be null");
		try {
			ProxyManager<byte[]> buckets = buckets();
			if (buckets == null) {
				return RateLimitDecision.allow();
			}
			BucketConfiguration configuration = this.configurations.computeIfAbsent(limit, Buckets::configuration);
			RateLimitDecision decision = Buckets.decision(buckets.builder()
				.build(key(limit, client), () -> configuration)
				.tryConsumeAndReturnRemaining(1));
			if (this.reachable.compareAndSet(false, true)) {
				logger.info("Redis answers again: rate limits are enforced again");
			}
			return decision;
		}
		catch (RuntimeException ex) {
			unreachable(ex);
			return RateLimitDecision.allow();
		}
	}

	private byte[] key(RateLimit limit, String client) {
		return (this.keyPrefix + "rate-limit:" + limit.name() + ":" + client).getBytes(StandardCharsets.UTF_8);
	}

	private @Nullable ProxyManager<byte[]> buckets() {
		ProxyManager<byte[]> buckets = this.buckets;
		if (buckets != null) {
			return buckets;
		}
		// While Redis is down, let requests through at once rather than queue them behind a connect.
		if (!this.connectLock.tryLock()) {
			return null;
		}
		try {
			if (this.buckets != null || this.clock.millis() < this.nextConnectMillis) {
				return this.buckets;
			}
			this.nextConnectMillis = this.clock.millis() + RECONNECT_INTERVAL.toMillis();
			this.buckets = connect();
			return this.buckets;
		}
		finally {
			this.connectLock.unlock();
		}
	}

	private ProxyManager<byte[]> connect() {
		AbstractRedisClient client = this.connectionFactory.getRequiredNativeClient();
		Bucket4jLettuce.LettuceBasedProxyManagerBuilder<byte[]> builder;
		if (client instanceof RedisClusterClient cluster) {
			StatefulRedisClusterConnection<byte[], byte[]> connection = cluster.connect(ByteArrayCodec.INSTANCE);
			this.connection = connection;
			builder = Bucket4jLettuce.casBasedBuilder(connection);
		}
		else {
			StatefulRedisConnection<byte[], byte[]> connection = ((RedisClient) client)
				.connect(ByteArrayCodec.INSTANCE);
			this.connection = connection;
			builder = Bucket4jLettuce.casBasedBuilder(connection);
		}
		logger.debug("Connected to Redis for the rate limits");
		return builder.clientClock(new ClockTimeMeter(this.clock))
			.requestTimeout(this.timeout)
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(EXPIRY_MARGIN))
			.build();
	}

	private void unreachable(RuntimeException ex) {
		if (this.reachable.compareAndSet(true, false)) {
			logger.warn("Rate limits are not enforced while Redis does not answer; requests are let through: "
					+ ex);
		}
		logger.debug(LogMessage.of(() -> "Rate-limit check failed"), ex);
	}

	/**
	 * Closes the connection of the limiter (the client belongs to the connection factory).
	 */
	@Override
	public void close() {
		this.connectLock.lock();
		try {
			if (this.connection != null) {
				this.connection.close();
				this.connection = null;
			}
			this.buckets = null;
		}
		finally {
			this.connectLock.unlock();
		}
	}

	@Override
	public String toString() {
		return "RedisRateLimiter[keys=" + this.keyPrefix + "rate-limit:{limit}:{client}, timeout=" + this.timeout
				+ "]";
	}

}
