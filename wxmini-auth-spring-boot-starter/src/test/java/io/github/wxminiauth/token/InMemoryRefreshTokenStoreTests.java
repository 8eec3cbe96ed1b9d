package io.github.wxminiauth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.wxminiauth.token.RotationResult.Outcome;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryRefreshTokenStoreTests {

	private static final Instant START = Instant.parse("2025-05-01T08:00:00Z");

	private static final WxPrincipal SESSION = new WxPrincipal("wx123", "o-openid", null, "sid-1");

	private final MutableClock clock = new MutableClock(START);

	private final InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(this.clock);

	private RotationResult rotate(String presented, String replacement) {
		Instant now = this.clock.instant();
		return this.store.rotate(presented, replacement, now, now.plus(Duration.ofDays(30)),
				now.plus(Duration.ofDays(30)));
	}

	@Test
	void rotateRedeemsATokenAndStoresItsReplacementInTheSameSession() {
		this.store.save("h1", SESSION, START.plus(Duration.ofDays(30)));
		RotationResult first = rotate("h1", "h2");
		assertThat(first.outcome()).isEqualTo(Outcome.ROTATED);
		assertThat(first.session()).isEqualTo(SESSION);
		RotationResult second = rotate("h2", "h3");
		assertThat(second.outcome()).isEqualTo(Outcome.ROTATED);
		assertThat(second.session()).isEqualTo(SESSION);
	}

	@Test
	void theReplacementExpiresWhenTheCallerSays() {
		WxPrincipal shop = new WxPrincipal("wx-shop", "o-1", null, "sid-shop");
		WxPrincipal game = new WxPrincipal("wx-game", "o-1", null, "sid-game");
		this.store.save("shop-1", shop, START.plus(Duration.ofDays(30)));
		this.store.save("game-1", game, START.plus(Duration.ofDays(30)));

		assertThat(this.store.rotate("shop-1", "shop-2", START, START.plus(Duration.ofDays(7)),
				START.plus(Duration.ofDays(30))).outcome())
			.isEqualTo(Outcome.ROTATED);
		assertThat(this.store.rotate("game-1", "game-2", START, START.plus(Duration.ofHours(12)),
				START.plus(Duration.ofDays(30))).outcome())
			.isEqualTo(Outcome.ROTATED);
		assertThat(this.store.liveSessions("wx-shop", "o-1")).singleElement()
			.satisfies((info) -> assertThat(info.expiresAt()).isEqualTo(START.plus(Duration.ofDays(7))));
		assertThat(this.store.liveSessions("wx-game", "o-1")).singleElement()
			.satisfies((info) -> assertThat(info.expiresAt()).isEqualTo(START.plus(Duration.ofHours(12))));

		this.clock.advance(Duration.ofHours(12));
		assertThat(rotate("game-2", "game-3").outcome()).isEqualTo(Outcome.EXPIRED);
		assertThat(rotate("shop-2", "shop-3").outcome()).isEqualTo(Outcome.ROTATED);
	}

	@Test
	void rotateOfAnUnknownTokenAnswersUnknown() {
		assertThat(rotate("nope", "h2").outcome()).isEqualTo(Outcome.UNKNOWN);
		assertThat(rotate("h2", "h3").outcome()).isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void rotateOfASpentTokenAnswersReusedAndRevokesTheSession() {
		this.store.save("h1", SESSION, START.plus(Duration.ofDays(30)));
		rotate("h1", "h2");
		assertThat(this.store.isSessionRevoked("sid-1")).isFalse();
		assertThat(rotate("h1", "h3").outcome()).isEqualTo(Outcome.REUSED);
		assertThat(this.store.isSessionRevoked("sid-1")).isTrue();
		assertThat(rotate("h2", "h4").outcome()).isEqualTo(Outcome.REVOKED);
		assertThat(rotate("h3", "h5").outcome()).isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void reuseRevokesTheSessionUntilTheGivenInstant() {
		this.store.save("h1", SESSION, START.plus(Duration.ofDays(30)));
		rotate("h1", "h2");
		this.store.rotate("h1", "h3", START, START.plus(Duration.ofDays(30)), START.plus(Duration.ofDays(31)));
		this.clock.advance(Duration.ofDays(31).minusSeconds(1));
		assertThat(this.store.isSessionRevoked("sid-1")).isTrue();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.store.isSessionRevoked("sid-1")).isFalse();
	}

	@Test
	void rotateOfAnExpiredTokenAnswersExpired() {
		this.store.save("h1", SESSION, START.plus(Duration.ofMinutes(5)));
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(rotate("h1", "h2").outcome()).isEqualTo(Outcome.EXPIRED);
		assertThat(rotate("h2", "h3").outcome()).isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void rotateOfATokenOfARevokedSessionAnswersRevoked() {
		this.store.save("h1", SESSION, START.plus(Duration.ofDays(30)));
		this.store.revokeSession("sid-1", START.plus(Duration.ofDays(30)));
		assertThat(rotate("h1", "h2").outcome()).isEqualTo(Outcome.REVOKED);
		assertThat(rotate("h2", "h3").outcome()).isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void revokedSessionIsNoLongerRevokedAfterItsUntil() {
		this.store.revokeSession("sid-1", START.plus(Duration.ofHours(1)));
		assertThat(this.store.isSessionRevoked("sid-1")).isTrue();
		assertThat(this.store.isSessionRevoked("sid-2")).isFalse();
		this.clock.advance(Duration.ofHours(1));
		assertThat(this.store.isSessionRevoked("sid-1")).isFalse();
	}

	@Test
	void aShorterRevocationDoesNotShortenALongerOne() {
		this.store.revokeSession("sid-1", START.plus(Duration.ofDays(30)));
		this.store.revokeSession("sid-1", START.plus(Duration.ofHours(1)));
		this.clock.advance(Duration.ofDays(1));
		assertThat(this.store.isSessionRevoked("sid-1")).isTrue();
	}

	@Test
	void concurrentRotationsOfOneTokenLetExactlyOneWin() throws Exception {
		this.store.save("h1", SESSION, START.plus(Duration.ofDays(30)));
		int threads = 16;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch ready = new CountDownLatch(threads);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<RotationResult>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				String replacement = "r" + i;
				futures.add(executor.submit(() -> {
					ready.countDown();
					go.await();
					return rotate("h1", replacement);
				}));
			}
			ready.await();
			go.countDown();
			List<Outcome> outcomes = new ArrayList<>();
			for (Future<RotationResult> future : futures) {
				outcomes.add(future.get().outcome());
			}
			assertThat(outcomes).filteredOn((outcome) -> outcome == Outcome.ROTATED).hasSize(1);
			assertThat(outcomes).filteredOn((outcome) -> outcome != Outcome.ROTATED).hasSize(threads - 1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void expiredTokensAndRevocationsAreForgottenSoMemoryStaysBounded() {
		InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(this.clock,
				InMemoryRefreshTokenStore.DEFAULT_MAX_TOKENS, 8);
		for (int i = 0; i < 6; i++) {
			store.save("old" + i, new WxPrincipal("wx123", "o" + i, null, "s" + i), START.plus(Duration.ofMinutes(5)));
		}
		store.revokeSession("s0", START.plus(Duration.ofMinutes(5)));
		assertThat(store.tokenCount()).isEqualTo(6);
		assertThat(store.revokedSessionCount()).isEqualTo(1);
		this.clock.advance(Duration.ofMinutes(10));
		for (int i = 0; i < 8; i++) {
			store.save("new" + i, SESSION, this.clock.instant().plus(Duration.ofDays(30)));
		}
		assertThat(store.tokenCount()).isLessThanOrEqualTo(8);
		assertThat(store.revokedSessionCount()).isZero();
		Instant now = this.clock.instant();
		assertThat(store.rotate("old0", "x", now, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(1))).outcome())
			.isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void aRevocationIsRememberedOnlyWhileAccessTokensCanCarryItAndTheSessionStaysDead() {
		InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(this.clock,
				InMemoryRefreshTokenStore.DEFAULT_MAX_TOKENS, 8);
		store.setRevocationRetention(Duration.ofHours(2));
		for (int i = 0; i < 1000; i++) {
			WxPrincipal session = new WxPrincipal("wx123", "o" + i, null, "logged-out-" + i);
			store.save("live" + i, session, START.plus(Duration.ofDays(30)));
			store.revokeSession(session.sessionId(), START.plus(Duration.ofDays(30)));
		}
		assertThat(store.isSessionRevoked("logged-out-7")).isTrue();
		this.clock.advance(Duration.ofHours(2).plusMinutes(1));
		// Purges are amortized over as many writes as the store holds: a few thousand logins later.
		for (int i = 0; i < 4000; i++) {
			store.save("after" + i, SESSION, this.clock.instant().plus(Duration.ofDays(30)));
		}
		assertThat(store.revokedSessionCount()).as("revocations older than an access-token lifetime").isZero();
		Instant now = this.clock.instant();
		assertThat(store.rotate("live7", "x", now, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)))
			.isRotated()).as("the revoked session's refresh token went with the revocation").isFalse();
	}

	@Test
	void aSessionRevokedForReuseLosesItsLiveTokenToo() {
		this.store.setRevocationRetention(Duration.ofHours(2));
		this.store.save("first", SESSION, START.plus(Duration.ofDays(30)));
		assertThat(rotate("first", "second").isRotated()).isTrue();
		assertThat(rotate("first", "third").outcome()).isEqualTo(Outcome.REUSED);
		this.clock.advance(Duration.ofHours(3));
		assertThat(this.store.isSessionRevoked(SESSION.sessionId())).isFalse();
		assertThat(rotate("second", "fourth").isRotated()).isFalse();
	}

	@Test
	void theSessionListShowsAUsersLiveSessionsNewestFirstWithTheirDeviceAndLastRefresh() {
		WxPrincipal phone = new WxPrincipal("wx-app", "openid-list", null, "sid-phone");
		WxPrincipal tablet = new WxPrincipal("wx-app", "openid-list", null, "sid-tablet");
		WxPrincipal gone = new WxPrincipal("wx-app", "openid-list", null, "sid-gone");
		WxPrincipal someoneElse = new WxPrincipal("wx-app", "openid-other", null, "sid-other");
		Instant created = this.clock.instant();
		this.store.save("hash-phone", phone, created.plus(Duration.ofDays(30)), "iPhone 15", 0, created);
		this.clock.advance(Duration.ofMinutes(1));
		this.store.save("hash-tablet", tablet, this.clock.instant().plus(Duration.ofDays(30)));
		this.store.save("hash-gone", gone, this.clock.instant().plus(Duration.ofDays(30)), "old phone", 0, created);
		this.store.save("hash-other", someoneElse, this.clock.instant().plus(Duration.ofDays(30)));
		this.store.revokeSession("sid-gone", this.clock.instant().plus(Duration.ofDays(30)));
		this.clock.advance(Duration.ofMinutes(1));
		Instant refreshed = this.clock.instant();
		assertThat(this.store.rotate("hash-phone", "hash-phone-2", refreshed, refreshed.plus(Duration.ofDays(30)),
				refreshed.plus(Duration.ofDays(30))).isRotated()).isTrue();

		List<WxSessionInfo> sessions = this.store.liveSessions("wx-app", "openid-list");
		assertThat(sessions).extracting(WxSessionInfo::sessionId).containsExactly("sid-tablet", "sid-phone");
		WxSessionInfo first = sessions.get(1);
		assertThat(first.device()).isEqualTo("iPhone 15");
		assertThat(first.createdAt()).isEqualTo(created);
		assertThat(first.refreshedAt()).isEqualTo(refreshed);
		assertThat(first.expiresAt()).isEqualTo(refreshed.plus(Duration.ofDays(30)));
		assertThat(sessions.get(0).device()).isNull();
		assertThat(sessions.get(0).refreshedAt()).isNull();
		assertThat(this.store.liveSessions("wx-app", "openid-nobody")).isEmpty();
		assertThat(this.store.liveSessions("wx-other-app", "openid-list")).isEmpty();
	}

	@Test
	void aLoginBeyondTheMostSessionsPerUserRevokesTheUsersOldestSessions() {
		Instant until = this.clock.instant().plus(Duration.ofDays(30));
		List<String> revoked = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			WxPrincipal session = new WxPrincipal("wx-app", "openid-limited", null, "sid-limited-" + i);
			revoked.addAll(this.store.save("hash-limited-" + i, session, until, null, 3, until));
			this.clock.advance(Duration.ofSeconds(1));
		}
		this.store.save("hash-unlimited", new WxPrincipal("wx-app", "openid-free", null, "sid-free"), until, null, 3,
				until);
		assertThat(revoked).containsExactly("sid-limited-1", "sid-limited-2");
		assertThat(this.store.isSessionRevoked("sid-limited-1")).isTrue();
		assertThat(this.store.isSessionRevoked("sid-limited-2")).isTrue();
		assertThat(this.store.liveSessions("wx-app", "openid-limited")).extracting(WxSessionInfo::sessionId)
			.containsExactly("sid-limited-5", "sid-limited-4", "sid-limited-3");
		Instant now = this.clock.instant();
		assertThat(this.store.rotate("hash-limited-1", "x", now, until, until).outcome()).isEqualTo(Outcome.REVOKED);
	}

	@Test
	void aSessionWhoseRefreshTokenExpiredIsNotListed() {
		WxPrincipal session = new WxPrincipal("wx-app", "openid-expiring", null, "sid-expiring");
		this.store.save("hash-expiring", session, this.clock.instant().plus(Duration.ofMinutes(5)));
		assertThat(this.store.liveSessions("wx-app", "openid-expiring")).hasSize(1);
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.store.liveSessions("wx-app", "openid-expiring")).isEmpty();
	}

	@Test
	void spentTokensOutliveAPurgeUntilTheyExpireSoReuseIsStillDetected() {
		InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(this.clock,
				InMemoryRefreshTokenStore.DEFAULT_MAX_TOKENS, 2);
		Instant now = this.clock.instant();
		Instant expiry = now.plus(Duration.ofDays(30));
		store.save("h1", SESSION, expiry);
		assertThat(store.rotate("h1", "h2", now, expiry, expiry).outcome()).isEqualTo(Outcome.ROTATED);
		this.clock.advance(Duration.ofDays(1));
		for (int i = 0; i < 10; i++) {
			store.save("other" + i, new WxPrincipal("wx123", "o" + i, null, "s" + i), this.clock.instant());
		}
		now = this.clock.instant();
		assertThat(store.rotate("h1", "h3", now, expiry, expiry).outcome()).isEqualTo(Outcome.REUSED);
		assertThat(store.isSessionRevoked("sid-1")).isTrue();
	}

	@Test
	void beyondItsMaximumTheStoreForgetsTheOldestTokensAtOnce() {
		InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(this.clock, 16);
		for (int i = 0; i < 1000; i++) {
			// Logins a second apart: token i expires i seconds after token 0.
			store.save("t" + i, new WxPrincipal("wx123", "o" + i, null, "s" + i),
					START.plus(Duration.ofDays(30)).plusSeconds(i));
			assertThat(store.tokenCount()).isLessThanOrEqualTo(16);
		}
		Instant now = this.clock.instant();
		Instant later = now.plus(Duration.ofDays(30));
		assertThat(store.rotate("t999", "n999", now, later, later).outcome()).isEqualTo(Outcome.ROTATED);
		assertThat(store.rotate("t985", "n985", now, later, later).outcome()).isEqualTo(Outcome.ROTATED);
		assertThat(store.rotate("t983", "n983", now, later, later).outcome()).isEqualTo(Outcome.UNKNOWN);
		assertThat(store.rotate("t0", "n0", now, later, later).outcome()).isEqualTo(Outcome.UNKNOWN);
		assertThat(store.rotate("t500", "n500", now, later, later).outcome()).isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void toStringShowsNoTokenHash() {
		this.store.save("secret-hash", SESSION, START.plus(Duration.ofDays(30)));
		assertThat(this.store.toString()).doesNotContain("secret-hash");
	}

}
