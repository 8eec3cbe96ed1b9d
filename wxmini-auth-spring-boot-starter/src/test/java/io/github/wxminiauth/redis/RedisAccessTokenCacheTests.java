package io.github.wxminiauth.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.wxminiauth.test.Eventually;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.wechat.WxAccessToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RedisAccessTokenCache} against a real Redis, with two cache instances standing for two
 * application instances.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisAccessTokenCacheTests {

	private static final String APP = "wx-app";

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final AtomicInteger fetches = new AtomicInteger();

	private final Predicate<WxAccessToken> valid = (token) -> token.isValidAt(this.clock.instant());

	TestRedis testRedis;

	private StringRedisTemplate redis;

	/**
	 * The Redis the tests run against; {@link RedisClusterAccessTokenCacheTests} runs them on Redis Cluster.
	 */
	TestRedis testRedis() {
		return new TestRedis();
	}

	@BeforeEach
	void setUp() {
		this.testRedis = testRedis();
		this.redis = this.testRedis.connect();
	}

	@AfterEach
	void tearDown() {
		this.testRedis.close();
	}

	private RedisAccessTokenCache newCache(StringRedisTemplate redis, Duration lease) {
		return new RedisAccessTokenCache(redis, this.testRedis.prefix, this.clock, lease, Duration.ofMillis(10));
	}

	private WxAccessToken newToken() {
		Instant now = this.clock.instant();
		return new WxAccessToken("token-" + this.fetches.incrementAndGet(), now, now.plus(Duration.ofHours(2)));
	}

	/**
	 * A fetch as slow as WeChat can be, so that concurrent callers overlap it.
	 */
	private Supplier<WxAccessToken> slowFetcher(Duration delay) {
		return () -> {
			WxAccessToken token = newToken();
			try {
				Thread.sleep(delay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return token;
		};
	}

	@Test
	void hundredCallersOnTwoInstancesAtAColdStartCauseOneFetchAndShareItsToken() throws Exception {
		RedisAccessTokenCache a = newCache(this.redis, Duration.ofSeconds(10));
		RedisAccessTokenCache b = newCache(this.testRedis.connect(), Duration.ofSeconds(10));
		Supplier<WxAccessToken> fetcher = slowFetcher(Duration.ofMillis(200));
		List<WxAccessToken> tokens = runConcurrently(100,
				(i) -> () -> ((i % 2 == 0) ? a : b).renew(APP, this.valid, fetcher));

		assertThat(this.fetches).hasValue(1);
		assertThat(tokens).extracting(WxAccessToken::value).containsOnly("token-1");
		assertThat(a.get(APP).value()).isEqualTo("token-1");
		assertThat(b.get(APP).value()).isEqualTo("token-1");
		assertThat(this.redis.hasKey(lockKey())).as("the lock is released").isFalse();
	}

	@Test
	void tokenIsStoredWithItsLifetimeAndExpiresWithIt() {
		RedisAccessTokenCache cache = newCache(this.redis, Duration.ofSeconds(10));
		WxAccessToken token = cache.renew(APP, this.valid, this::newToken);

		WxAccessToken read = newCache(this.testRedis.connect(), Duration.ofSeconds(10)).get(APP);
		assertThat(read).isEqualTo(token);
		assertThat(this.redis.getExpire(this.testRedis.prefix + APP + ":access-token", TimeUnit.SECONDS))
			.isBetween(7100L, 7200L);
	}

	@Test
	void usableCachedTokenIsReturnedWithoutFetching() {
		RedisAccessTokenCache cache = newCache(this.redis, Duration.ofSeconds(10));
		WxAccessToken first = cache.renew(APP, this.valid, this::newToken);
		assertThat(cache.renew(APP, this.valid, this::newToken)).isEqualTo(first);
		assertThat(this.fetches).hasValue(1);
	}

	@Test
	void lockIsReleasedOnlyByItsOwner() {
		RedisAccessTokenCache cache = newCache(this.redis, Duration.ofSeconds(10));
		cache.renew(APP, this.valid, () -> {
			// While this owner fetches, its lease runs out and another instance takes the lock.
			this.redis.opsForValue().set(lockKey(), "another-owner");
			return newToken();
		});
		assertThat(this.redis.opsForValue().get(lockKey())).isEqualTo("another-owner");
	}

	@Test
	void lockIsReleasedWhenTheFetchFails() {
		RedisAccessTokenCache cache = newCache(this.redis, Duration.ofSeconds(10));
		RuntimeException failure = new IllegalStateException("WeChat is down");
		assertThatThrownBy(() -> cache.renew(APP, this.valid, () -> {
			throw failure;
		})).isSameAs(failure);
		assertThat(this.redis.hasKey(lockKey())).isFalse();
		assertThat(cache.renew(APP, this.valid, this::newToken).value()).isEqualTo("token-1");
	}

	@Test
	void expireIfCurrentDoesNotEvictANewerToken() {
		RedisAccessTokenCache cache = newCache(this.redis, Duration.ofSeconds(10));
		WxAccessToken old = cache.renew(APP, this.valid, this::newToken);
		WxAccessToken newer = cache.renew(APP, (token) -> false, this::newToken);

		assertThat(cache.expireIfCurrent(APP, old.value())).isFalse();
		assertThat(cache.get(APP)).isEqualTo(newer);
		assertThat(cache.expireIfCurrent(APP, newer.value())).isTrue();
		assertThat(cache.get(APP)).isNull();
	}

	@Test
	void expiredLeaseOfACrashedOwnerLetsAnotherTakeOver() {
		// An owner that took the lock and died: nothing releases it but its lease.
		this.redis.opsForValue().set(lockKey(), "crashed-owner", Duration.ofMillis(300));
		RedisAccessTokenCache cache = newCache(this.redis, Duration.ofSeconds(10));

		WxAccessToken token = cache.renew(APP, this.valid, this::newToken);
		assertThat(token.value()).isEqualTo("token-1");
		assertThat(this.fetches).hasValue(1);
		assertThat(cache.get(APP)).isEqualTo(token);
	}

	@Test
	void waitingCallerPicksUpTheTokenTheOwnerOnAnotherInstanceWrote() throws Exception {
		RedisAccessTokenCache a = newCache(this.redis, Duration.ofSeconds(10));
		RedisAccessTokenCache b = newCache(this.testRedis.connect(), Duration.ofSeconds(10));
		CountDownLatch fetching = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger secondFetches = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			Future<WxAccessToken> owner = executor.submit(() -> a.renew(APP, this.valid, () -> {
				fetching.countDown();
				await(release);
				return newToken();
			}));
			assertThat(fetching.await(5, TimeUnit.SECONDS)).isTrue();
			AtomicReference<Thread> waiterThread = new AtomicReference<>();
			Future<WxAccessToken> waiter = executor.submit(() -> {
				waiterThread.set(Thread.currentThread());
				return b.renew(APP, this.valid, () -> {
					secondFetches.incrementAndGet();
					return new WxAccessToken("second-fetch", Instant.EPOCH, this.clock.instant().plus(Duration.ofHours(2)));
				});
			});
			// The owner is released only once the other instance is seen waiting for its renewal.
			assertThat(Eventually.holds(() -> isPausingForARenewal(waiterThread.get()), Duration.ofSeconds(5)))
				.as("the second caller waits for the owner's renewal")
				.isTrue();
			release.countDown();
			assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo(owner.get(5, TimeUnit.SECONDS));
			assertThat(waiter.get().value()).isEqualTo("token-1");
			assertThat(secondFetches).as("fetches of the waiting caller").hasValue(0);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static boolean isPausingForARenewal(Thread thread) {
		return thread != null && thread.getState() == Thread.State.TIMED_WAITING && Arrays
			.stream(thread.getStackTrace())
			.anyMatch((frame) -> frame.getClassName().equals(RedisAccessTokenCache.class.getName())
					&& frame.getMethodName().equals("pause"));
	}

	@Test
	void withoutRedisTheTokenIsFetchedLocallyAndAWarningIsLoggedOnce(CapturedOutput output) throws IOException {
		LettuceConnectionFactory down = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", freePort()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build());
		down.afterPropertiesSet();
		down.start();
		try {
			RedisAccessTokenCache cache = newCache(new StringRedisTemplate(down), Duration.ofSeconds(10));
			assertThat(cache.get(APP)).isNull();
			WxAccessToken token = cache.renew(APP, this.valid, this::newToken);
			assertThat(cache.renew(APP, this.valid, this::newToken)).as("kept locally").isEqualTo(token);
			assertThat(cache.get(APP)).isEqualTo(token);
			assertThat(this.fetches).hasValue(1);
			assertThat(cache.expireIfCurrent(APP, token.value())).isTrue();
			assertThat(output.getOut().split("Redis unavailable: fetching the WeChat access token without "
					+ "cluster-wide single flight", -1)).hasSize(2);
			assertThat(output).doesNotContain(token.value());
		}
		finally {
			down.destroy();
		}
	}

	private String lockKey() {
		return this.testRedis.prefix + APP + ":access-token:lock";
	}

	private static <T> List<T> runConcurrently(int count, java.util.function.IntFunction<Callable<T>> task)
			throws Exception {
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(count);
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				Callable<T> call = task.apply(i);
				futures.add(executor.submit(() -> {
					go.await();
					return call.call();
				}));
			}
			go.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(30, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
