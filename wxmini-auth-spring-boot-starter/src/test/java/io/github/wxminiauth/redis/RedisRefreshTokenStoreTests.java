package io.github.wxminiauth.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.wxminiauth.test.Eventually;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.token.RefreshTokenStore;
import io.github.wxminiauth.token.RefreshTokenStoreContractTests;
import io.github.wxminiauth.token.RotationResult;
import io.github.wxminiauth.token.RotationResult.Outcome;
import io.github.wxminiauth.token.UserTag;
import io.github.wxminiauth.token.WxSessionInfo;
import io.github.wxminiauth.user.WxPrincipal;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link RedisRefreshTokenStore} against a real standalone Redis: what every store does (the
 * contract), and what this one does with Redis; {@link RedisClusterRefreshTokenStoreTests} runs the
 * same against Redis Cluster.
 */
class RedisRefreshTokenStoreTests extends RefreshTokenStoreContractTests {

	private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

	private static final WxPrincipal SESSION = new WxPrincipal("wx-app", "openid-1", "unionid-1",
			tagged("openid-1", "sid-1"));

	private final MutableClock clock = new MutableClock(START);

	TestRedis testRedis;

	StringRedisTemplate redis;

	RedisRefreshTokenStore store;

	/**
	 * The Redis the tests run against.
	 */
	TestRedis testRedis() {
		return new TestRedis();
	}

	@BeforeEach
	void setUp() {
		this.testRedis = testRedis();
		this.redis = this.testRedis.connect();
		this.store = newStore(this.redis);
	}

	@AfterEach
	void tearDown() {
		this.testRedis.close();
	}

	@Override
	protected RefreshTokenStore store() {
		return this.store;
	}

	@Override
	protected MutableClock clock() {
		return this.clock;
	}

	RedisRefreshTokenStore newStore(StringRedisTemplate redis) {
		return new RedisRefreshTokenStore(redis, this.testRedis.prefix, this.clock, Duration.ofMillis(50), 1000);
	}

	@Test
	void savedTokenRotatesOnceAndItsReplacementRotatesNext() {
		this.store.save(tagged("openid-1", "hash-1"), SESSION, START.plus(Duration.ofDays(30)));

		RotationResult first = rotate("hash-1", "hash-2");
		assertThat(first.outcome()).isEqualTo(Outcome.ROTATED);
		assertThat(first.session()).isEqualTo(SESSION);
		RotationResult second = rotate("hash-2", "hash-3");
		assertThat(second.outcome()).isEqualTo(Outcome.ROTATED);
		assertThat(second.session()).isEqualTo(SESSION);
	}

	@Test
	void theReplacementsKeyExpiresWhenTheCallerSays() {
		this.store.save(tagged("openid-1", "hash-1"), SESSION, START.plus(Duration.ofDays(30)));
		this.store.rotate(tagged("openid-1", "hash-1"), tagged("openid-1", "hash-2"), START,
				START.plus(Duration.ofHours(12)), START.plus(Duration.ofDays(30)));
		assertThat(ttl(userKey("openid-1", "rt:" + tagged("openid-1", "hash-2"))))
			.isBetween(Duration.ofHours(12).toMillis() - 1000, Duration.ofHours(12).toMillis());
	}

	@Test
	void aTokenHashOrSessionIdWithoutATagNamesNoSlot() {
		assertThat(this.store.rotate("hash-without-tag", "hash-2", START, START.plus(Duration.ofDays(30)),
				START.plus(Duration.ofDays(30))).outcome()).isEqualTo(Outcome.UNKNOWN);
		assertThatIllegalArgumentException().as("a login's ids must name the user's slot")
			.isThrownBy(() -> this.store.save("hash-without-tag", SESSION, START.plus(Duration.ofDays(30))));
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.save(tagged("openid-1", "hash-1"),
				new WxPrincipal("wx-app", "openid-1", null, "sid-without-tag"), START.plus(Duration.ofDays(30))));
		this.store.revokeSession("sid-of-0.1.0", START.plus(Duration.ofHours(2)));
		assertThat(this.store.isSessionRevoked("sid-of-0.1.0")).as("still refused on every instance").isTrue();
		assertThat(this.testRedis.keys(this.redis)).noneMatch((key) -> key.contains("hash-"));
	}

	@Test
	void sessionWithoutUnionidKeepsItsNullUnionid() {
		WxPrincipal session = new WxPrincipal("wx-app", "openid-2", null, tagged("openid-2", "sid-2"));
		this.store.save(tagged("openid-2", "hash-1"), session, START.plus(Duration.ofDays(1)));
		assertThat(rotate(tagged("openid-2", "hash-1"), tagged("openid-2", "hash-2")).session()).isEqualTo(session);
	}

	@Test
	void reusingASpentTokenRevokesTheWholeSession() {
		this.store.save(tagged("openid-1", "hash-1"), SESSION, START.plus(Duration.ofDays(30)));
		rotate("hash-1", "hash-2");

		assertThat(rotate("hash-1", "hash-x").outcome()).isEqualTo(Outcome.REUSED);
		assertThat(this.store.isSessionRevoked(SESSION.sessionId())).isTrue();
		assertThat(rotate("hash-2", "hash-3").outcome()).as("the descendant").isEqualTo(Outcome.REVOKED);
		assertThat(this.redis.opsForHash().hasKey(userKey("openid-1", "revoked"), SESSION.sessionId())).isTrue();
	}

	@Test
	void unknownTokenIsUnknown() {
		assertThat(rotate("never-issued", "hash-2").outcome()).isEqualTo(Outcome.UNKNOWN);
		assertThat(this.testRedis.keys(this.redis)).noneMatch((key) -> key.contains("hash-2"));
	}

	@Test
	void expiredTokenIsExpiredAndThenForgotten() {
		this.store.save(tagged("openid-1", "hash-1"), SESSION, START.plus(Duration.ofMinutes(5)));
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(rotate("hash-1", "hash-2").outcome()).isEqualTo(Outcome.EXPIRED);
		assertThat(rotate("hash-1", "hash-2").outcome()).isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void revokedSessionCannotRotateAndIsRevokedUntilItsEnd() {
		this.store.save(tagged("openid-1", "hash-1"), SESSION, START.plus(Duration.ofDays(30)));
		this.store.revokeSession(SESSION.sessionId(), START.plus(Duration.ofDays(30)));

		assertThat(this.store.isSessionRevoked(SESSION.sessionId())).isTrue();
		assertThat(rotate("hash-1", "hash-2").outcome()).isEqualTo(Outcome.REVOKED);
		this.clock.advance(Duration.ofDays(30));
		assertThat(this.store.isSessionRevoked(SESSION.sessionId())).isFalse();
	}

	@Test
	void aShorterRevocationDoesNotShortenALongerOne() {
		this.store.save(tagged("openid-1", "hash-1"), SESSION, START.plus(Duration.ofDays(30)));
		this.store.revokeSession(SESSION.sessionId(), START.plus(Duration.ofDays(30)));
		this.store.revokeSession(SESSION.sessionId(), START.plus(Duration.ofHours(1)));
		assertThat(this.redis.opsForHash().get(userKey("openid-1", "revoked"), SESSION.sessionId()))
			.isEqualTo(Long.toString(START.plus(Duration.ofDays(30)).toEpochMilli()));
		this.clock.advance(Duration.ofHours(2));
		assertThat(this.store.isSessionRevoked(SESSION.sessionId())).isTrue();
	}

	@Test
	void everyKeyExpiresWithWhatItHolds() {
		this.store.save(tagged("openid-1", "hash-1"), SESSION, START.plus(Duration.ofDays(30)));
		rotate("hash-1", "hash-2");
		this.store.save(tagged("openid-9", "hash-9"),
				new WxPrincipal("wx-app", "openid-9", null, tagged("openid-9", "sid-9")), START.plus(Duration.ofHours(1)));
		this.store.revokeSession(tagged("openid-9", "sid-9"), START.plus(Duration.ofHours(2)));

		assertThat(ttl(userKey("openid-1", "rt:" + tagged("openid-1", "hash-1")))).isCloseTo(Duration.ofDays(30).toMillis(),
				within());
		assertThat(ttl(userKey("openid-1", "rt:" + tagged("openid-1", "hash-2")))).isCloseTo(Duration.ofDays(30).toMillis(),
				within());
		assertThat(ttl(userKey("openid-1", "sessions"))).isCloseTo(Duration.ofDays(30).toMillis(), within());
		assertThat(ttl(userKey("openid-9", "revoked"))).isCloseTo(Duration.ofHours(2).toMillis(), within());
		assertThat(ttl(this.testRedis.prefix + "{revocations}:sessions")).isCloseTo(Duration.ofHours(2).toMillis(),
				within());
		assertThat(this.testRedis.keys(this.redis)).as("no key outside the user's slot and the revocations'")
			.allMatch((key) -> key.startsWith(this.testRedis.prefix + "{"));
	}

	@Test
	void redisHoldsOnlyTheHashesTheStoreIsGiven() {
		String rawToken = "raw-refresh-token-MUST-NOT-BE-STORED";
		// The store is handed hashes only; this checks it stores nothing but what it is handed.
		this.store.save(tagged("openid-1", "hash-of-token"), SESSION, START.plus(Duration.ofDays(1)));
		rotate("hash-of-token", "hash-of-replacement");
		List<String> keys = this.testRedis.keys(this.redis);
		assertThat(keys).contains(userKey("openid-1", "rt:" + tagged("openid-1", "hash-of-token")),
				userKey("openid-1", "rt:" + tagged("openid-1", "hash-of-replacement")));
		for (String key : keys) {
			assertThat(key).doesNotContain(rawToken);
			if (key.contains(":rt:")) {
				assertThat(this.redis.opsForHash().entries(key).toString()).doesNotContain(rawToken)
					.doesNotContain("hash-of");
			}
		}
	}

	@Test
	void concurrentRedemptionsOnTwoInstancesLetExactlyOneWin() throws Exception {
		RedisRefreshTokenStore other = newStore(this.testRedis.connect());
		String contested = tagged("openid-1", "contested");
		this.store.save(contested, SESSION, START.plus(Duration.ofDays(30)));
		int callers = 32;
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		try {
			List<Future<RotationResult>> results = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				RedisRefreshTokenStore instance = (i % 2 == 0) ? this.store : other;
				String replacement = tagged("openid-1", "replacement-" + i);
				Callable<RotationResult> redeem = () -> {
					go.await();
					return instance.rotate(contested, replacement, START, START.plus(Duration.ofDays(30)),
							START.plus(Duration.ofDays(30)));
				};
				results.add(executor.submit(redeem));
			}
			go.countDown();
			int rotated = 0;
			for (Future<RotationResult> result : results) {
				Outcome outcome = result.get().outcome();
				assertThat(outcome).isIn(Outcome.ROTATED, Outcome.REUSED, Outcome.REVOKED);
				rotated += (outcome == Outcome.ROTATED) ? 1 : 0;
			}
			assertThat(rotated).isEqualTo(1);
			assertThat(this.store.isSessionRevoked(SESSION.sessionId()) || other.isSessionRevoked(SESSION.sessionId()))
				.as("the losers presented a spent token: theft").isTrue();
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void revocationOnOneInstanceReachesAnotherWithinOneSecond() {
		RedisRefreshTokenStore other = newStore(this.testRedis.connect());
		other.start();
		try {
			assertThat(other.isSessionRevoked(SESSION.sessionId())).isFalse();
			this.store.revokeSession(SESSION.sessionId(), START.plus(Duration.ofHours(2)));
			assertThat(Eventually.holds(() -> other.isSessionRevoked(SESSION.sessionId()), Duration.ofSeconds(1))).isTrue();
		}
		finally {
			other.stop();
		}
	}

	@Test
	void revocationReachesAnotherInstanceLongBeforeItsPollIntervalEnds() {
		// A poll interval far longer than the wait: only a blocking read of the stream, woken by
		// the revocation's entry, lets the other instance see it in time.
		RedisRefreshTokenStore other = new RedisRefreshTokenStore(this.testRedis.connect(Duration.ofSeconds(60)),
				this.testRedis.prefix, this.clock, Duration.ofSeconds(30), 1000);
		other.start();
		try {
			this.store.revokeSession(SESSION.sessionId(), START.plus(Duration.ofHours(2)));
			assertThat(Eventually.holds(() -> other.isSessionRevoked(SESSION.sessionId()), Duration.ofSeconds(5))).isTrue();
			this.store.revokeSession("sid-2", START.plus(Duration.ofHours(2)));
			assertThat(Eventually.holds(() -> other.isSessionRevoked("sid-2"), Duration.ofSeconds(5)))
				.as("the next blocking read")
				.isTrue();
		}
		finally {
			other.stop();
		}
		assertThat(other.isRunning()).isFalse();
	}

	@Test
	void reuseOnOneInstanceRevokesOnAnother() {
		RedisRefreshTokenStore other = newStore(this.testRedis.connect());
		other.start();
		try {
			this.store.save(tagged("openid-1", "hash-1"), SESSION, START.plus(Duration.ofDays(30)));
			rotate("hash-1", "hash-2");
			rotate("hash-1", "hash-x");
			assertThat(Eventually.holds(() -> other.isSessionRevoked(SESSION.sessionId()), Duration.ofSeconds(1))).isTrue();
		}
		finally {
			other.stop();
		}
	}

	@Test
	void instanceStartedAfterARevocationKnowsIt() {
		this.store.revokeSession("sid-early", START.plus(Duration.ofHours(2)));
		RedisRefreshTokenStore late = newStore(this.testRedis.connect());
		late.start();
		try {
			assertThat(late.isSessionRevoked("sid-early")).as("known from the first read on start").isTrue();
			assertThat(late.isSessionRevoked(tagged("openid-other", "sid-other"))).isFalse();
		}
		finally {
			late.stop();
		}
		assertThat(late.isRunning()).isFalse();
	}

	@Test
	void anInstanceUpgradedFromTheKeysOf010StillRefusesTheSessionsRevokedBeforeTheUpgrade() {
		// As 0.1.0 wrote a logout to its stream.
		this.redis.opsForStream()
			.add(this.testRedis.prefix + "revocations",
					Map.of("sid", "sid-before-upgrade", "until", millis(START.plus(Duration.ofHours(2)))));
		RedisRefreshTokenStore upgraded = newStore(this.testRedis.connect());
		upgraded.start();
		try {
			assertThat(upgraded.isSessionRevoked("sid-before-upgrade")).isTrue();
			assertThat(upgraded.isSessionRevoked(tagged("openid-other", "sid-other"))).isFalse();
			assertThat(ttl("revocations")).as("the old stream, which nothing writes to, ends with its last revocation")
				.isCloseTo(Duration.ofHours(2).toMillis(), within());
		}
		finally {
			upgraded.stop();
		}
	}

	@Test
	void revocationsAreForgottenLocallyAfterTheirEnd() {
		RedisRefreshTokenStore other = newStore(this.testRedis.connect());
		other.start();
		try {
			this.store.revokeSession(SESSION.sessionId(), START.plus(Duration.ofMinutes(1)));
			assertThat(Eventually.holds(() -> other.knownRevocations() == 1, Duration.ofSeconds(1))).isTrue();
			this.clock.advance(Duration.ofMinutes(2));
			assertThat(other.isSessionRevoked(SESSION.sessionId())).isFalse();
			assertThat(Eventually.holds(() -> other.knownRevocations() == 0, Duration.ofSeconds(2))).isTrue();
		}
		finally {
			other.stop();
		}
	}

	@Test
	void anInstanceStartedAfterMoreRevocationsThanTheStreamKeepsRejectsEveryOneOfThem() {
		RedisRefreshTokenStore small = new RedisRefreshTokenStore(this.redis, this.testRedis.prefix, this.clock,
				Duration.ofMillis(50), 10);
		small.setRevocationRetention(Duration.ofHours(2));
		int revocations = 1500;
		for (int i = 0; i < revocations; i++) {
			small.revokeSession("sid-many-" + i, START.plus(Duration.ofDays(30)));
		}
		assertThat(this.redis.opsForStream().size(this.testRedis.prefix + "{revocations}"))
			.as("the stream is capped and has dropped the oldest revocations")
			.isLessThan(revocations);
		RedisRefreshTokenStore late = newStore(this.testRedis.connect());
		late.setRevocationRetention(Duration.ofHours(2));
		late.start();
		try {
			for (int i = 0; i < revocations; i++) {
				assertThat(late.isSessionRevoked("sid-many-" + i)).as("sid-many-%s", i).isTrue();
			}
			assertThat(late.isSessionRevoked("sid-never-revoked")).isFalse();
		}
		finally {
			late.stop();
		}
	}

	@Test
	void revocationsAreKeptInMemoryOnlyWhileAccessTokensCanStillCarryThem() {
		this.store.setRevocationRetention(Duration.ofHours(2));
		this.store.save(tagged("openid-1", "hash-kept"), SESSION, START.plus(Duration.ofDays(30)));
		this.store.revokeSession(SESSION.sessionId(), START.plus(Duration.ofDays(30)));
		RedisRefreshTokenStore other = newStore(this.testRedis.connect());
		other.setRevocationRetention(Duration.ofHours(2));
		other.start();
		try {
			assertThat(other.isSessionRevoked(SESSION.sessionId())).isTrue();
			this.clock.advance(Duration.ofHours(2).plusMinutes(1));
			assertThat(other.isSessionRevoked(SESSION.sessionId())).as("its access tokens have all expired")
				.isFalse();
			assertThat(Eventually.holds(() -> other.knownRevocations() == 0, Duration.ofSeconds(2))).isTrue();
			// The session's refresh tokens stay refused in Redis until they expire.
			Instant now = this.clock.instant();
			assertThat(other.rotate(tagged("openid-1", "hash-kept"), tagged("openid-1", "hash-next"), now, now.plus(Duration.ofDays(30)),
					now.plus(Duration.ofDays(30))).outcome()).isEqualTo(Outcome.REVOKED);
			// And an instance started now loads nothing that no longer matters.
			RedisRefreshTokenStore late = newStore(this.testRedis.connect());
			late.setRevocationRetention(Duration.ofHours(2));
			late.start();
			try {
				assertThat(late.knownRevocations()).isZero();
			}
			finally {
				late.stop();
			}
		}
		finally {
			other.stop();
		}
	}

	@Test
	void concurrentLoginsOnTwoInstancesNeverLeaveMoreThanTheMostSessionsAlive() throws Exception {
		RedisRefreshTokenStore other = newStore(this.testRedis.connect());
		Instant until = this.clock.instant().plus(Duration.ofDays(30));
		int logins = 20;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<List<String>>> results = new ArrayList<>();
			for (int i = 0; i < logins; i++) {
				RedisRefreshTokenStore instance = (i % 2 == 0) ? this.store : other;
				WxPrincipal session = new WxPrincipal("wx-app", "openid-racing", null, tagged("openid-racing", "sid-racing-" + i));
				String hash = tagged("openid-racing", "hash-racing-" + i);
				results.add(executor.submit(() -> {
					start.await();
					return instance.save(hash, session, until, null, 3, until);
				}));
			}
			start.countDown();
			List<String> revoked = new ArrayList<>();
			for (Future<List<String>> result : results) {
				revoked.addAll(result.get(30, TimeUnit.SECONDS));
			}
			assertThat(revoked).doesNotHaveDuplicates().hasSize(logins - 3);
			assertThat(this.store.liveSessions("wx-app", "openid-racing")).hasSize(3)
				.extracting(WxSessionInfo::sessionId)
				.doesNotContainAnyElementsOf(revoked);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void aUserMadeStaleOnOneInstanceIsStaleOnAnotherAndOnOneStartedLater() {
		RedisRefreshTokenStore other = newStore(this.testRedis.connect());
		other.setRevocationRetention(Duration.ofHours(2));
		other.start();
		try {
			Instant before = this.clock.instant();
			this.store.markUserStale("wx-app", "openid-stale", before, before.plus(Duration.ofHours(2)));
			assertThat(this.store.staleBefore("wx-app", "openid-stale")).isEqualTo(before);
			assertThat(Eventually.holds(() -> before.equals(other.staleBefore("wx-app", "openid-stale")),
					Duration.ofSeconds(1)))
				.isTrue();
			assertThat(other.staleBefore("wx-app", "openid-fresh")).isNull();
			RedisRefreshTokenStore late = newStore(this.testRedis.connect());
			late.setRevocationRetention(Duration.ofHours(2));
			late.start();
			try {
				assertThat(late.staleBefore("wx-app", "openid-stale")).isEqualTo(before);
				this.clock.advance(Duration.ofHours(2).plusMinutes(1));
				assertThat(late.staleBefore("wx-app", "openid-stale")).as("every stale token has expired").isNull();
			}
			finally {
				late.stop();
			}
		}
		finally {
			other.stop();
		}
	}

	/**
	 * Rotates a token of {@link #SESSION}'s user ({@code hash-1} standing for
	 * {@code tagged("openid-1", "hash-1")}), or of another when tagged already.
	 */
	private RotationResult rotate(String presented, String replacement) {
		Instant now = this.clock.instant();
		return this.store.rotate(orTagged(presented), orTagged(replacement), now, now.plus(Duration.ofDays(30)),
				now.plus(Duration.ofDays(30)));
	}

	private static String orTagged(String name) {
		return (UserTag.in(name) != null) ? name : tagged("openid-1", name);
	}

	/**
	 * A key of a user of app {@code wx-app}.
	 */
	String userKey(String openid, String name) {
		return userKey("wx-app", openid, name);
	}

	String userKey(String appId, String openid, String name) {
		return this.testRedis.prefix + "{" + UserTag.of(appId, openid) + "}:" + name;
	}

	private static String millis(Instant instant) {
		return Long.toString(instant.toEpochMilli());
	}

	/**
	 * The TTL of a key, given whole or under the test's prefix.
	 */
	private long ttl(String key) {
		String full = key.startsWith(this.testRedis.prefix) ? key : this.testRedis.prefix + key;
		Long ttl = this.redis.getExpire(full, TimeUnit.MILLISECONDS);
		assertThat(ttl).as("TTL of %s", key).isNotNull().isPositive();
		return ttl;
	}

	private static Offset<Long> within() {
		return Offset.offset(60_000L);
	}

}
