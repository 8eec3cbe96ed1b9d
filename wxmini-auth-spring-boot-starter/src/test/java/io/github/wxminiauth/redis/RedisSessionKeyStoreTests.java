package io.github.wxminiauth.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RedisSessionKeyStore} on a real Redis: the latest session key of each user of each app,
 * for the configured time and no longer.
 */
class RedisSessionKeyStoreTests {

	TestRedis testRedis;

	private StringRedisTemplate redis;

	private RedisSessionKeyStore store;

	/**
	 * The Redis the tests run against; {@link RedisClusterSessionKeyStoreTests} runs them on Redis Cluster.
	 */
	TestRedis testRedis() {
		return new TestRedis();
	}

	@BeforeEach
	void setUp() {
		this.testRedis = testRedis();
		this.redis = this.testRedis.connect();
		this.store = new RedisSessionKeyStore(this.redis, this.testRedis.prefix, Duration.ofDays(3));
	}

	@AfterEach
	void tearDown() {
		this.testRedis.close();
	}

	@Test
	void theLatestSessionKeyOfEachUserOfEachAppIsKept() {
		this.store.save("wx-shop", "openid-1", "key-1");
		this.store.save("wx-shop", "openid-1", "key-2");
		this.store.save("wx-game", "openid-1", "key-of-the-game");
		assertThat(this.store.find("wx-shop", "openid-1")).isEqualTo("key-2");
		assertThat(this.store.find("wx-game", "openid-1")).isEqualTo("key-of-the-game");
		assertThat(this.store.find("wx-shop", "openid-2")).isNull();
	}

	@Test
	void aSessionKeyExpiresInRedisAfterTheConfiguredTime() {
		this.store.save("wx-shop", "openid-1", "key-1");
		Long ttl = this.redis.getExpire(this.testRedis.prefix + "wx-shop:session-key:openid-1", TimeUnit.MILLISECONDS);
		assertThat(ttl).isNotNull().isBetween(Duration.ofDays(3).minusMinutes(1).toMillis(), Duration.ofDays(3).toMillis());
	}

	@Test
	void aSessionKeyIsGoneOnceItsTimeIsUp() throws InterruptedException {
		RedisSessionKeyStore shortLived = new RedisSessionKeyStore(this.redis, this.testRedis.prefix,
				Duration.ofMillis(200));
		shortLived.save("wx-shop", "openid-short", "short-key");
		assertThat(shortLived.find("wx-shop", "openid-short")).isEqualTo("short-key");
		Thread.sleep(400);
		assertThat(shortLived.find("wx-shop", "openid-short")).isNull();
	}

}
