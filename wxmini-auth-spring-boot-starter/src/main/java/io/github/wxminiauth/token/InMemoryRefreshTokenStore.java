package io.github.wxminiauth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.wxminiauth.token.RotationResult.Outcome;
import io.github.wxminiauth.user.WxPrincipal;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link RefreshTokenStore} in the memory of one process: for a single instance, or for tests.
 * Several instances need a shared store, or a logout on one would not be seen by the others.
 * <p>
 * Spent tokens are remembered until they expire, so that presenting one again is recognised as
 * reuse. Expired tokens and revocations that ran out are forgotten now and then. Every login starts
 * a session whose refresh token lives for weeks, so the store also keeps at most a maximum number
 * of tokens (about half a kilobyte each): beyond it, the oldest tokens are forgotten, at once and
 * in constant time, and their users log in again with {@code wx.login}. Without the bound a busy
 * instance would hold every login of the last month in its heap.
 * <p>
 * A revoked session's live refresh token is forgotten together with its revocation, so the
 * revocation needs to be remembered only as long as the session's access tokens may still be
 * presented: with a
 * {@link #setRevocationRetention(Duration) retention} set (the access-token lifetime plus the
 * clock skew), memory holds the revocations of one access-token lifetime, not of a month.
 *
 * @since 0.1.0
 */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {

	/**
	 * Default most refresh tokens kept: some 50 MB of heap.
	 */
	public static final int DEFAULT_MAX_TOKENS = 100_000;

	private static final int DEFAULT_MIN_PURGE_INTERVAL = 1024;

	private final ConcurrentMap<String, StoredToken> tokens = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Instant> revokedSessions = new ConcurrentHashMap<>();

	/** The hash of each session's one unspent refresh token. */
	private final ConcurrentMap<String, String> liveTokens = new ConcurrentHashMap<>();

	/** What the session list shows of each session. */
	private final ConcurrentMap<String, WxSessionInfo> sessions = new ConcurrentHashMap<>();

	/** Before when each user's access tokens are stale, and until when that matters. */
	private final ConcurrentMap<String, Instant[]> staleUsers = new ConcurrentHashMap<>();

	/** The sessions of each user of each app ({@code appid + ':' + openid}). */
	private final ConcurrentMap<String, Set<String>> sessionsByUser = new ConcurrentHashMap<>();

	private volatile @Nullable Duration revocationRetention;

	/**
	 * Token hashes in the order they were stored: the head is the oldest, the first to forget
	 * beyond the maximum. Hashes of tokens gone already are dropped at the next purge.
	 */
	private final Queue<String> arrivals = new ConcurrentLinkedQueue<>();

	private final Clock clock;

	private final int maxTokens;

	private final int minPurgeInterval;

	private final AtomicLong writesSincePurge = new AtomicLong();

	private final AtomicBoolean purging = new AtomicBoolean();

	private volatile long purgeInterval;

	/**
	 * Creates an empty store.
	 * @param clock the clock that decides when stored entries may be forgotten
	 */
	public InMemoryRefreshTokenStore(Clock clock) {
		this(clock, DEFAULT_MAX_TOKENS);
	}

	/**
	 * Creates an empty store that keeps at most {@code maxTokens} refresh tokens.
	 * @param clock the clock that decides when stored entries may be forgotten
	 * @param maxTokens the most tokens kept; beyond it the oldest are forgotten
	 * @since 0.2.0
	 */
	public InMemoryRefreshTokenStore(Clock clock, int maxTokens) {
		this(clock, maxTokens, DEFAULT_MIN_PURGE_INTERVAL);
	}

	InMemoryRefreshTokenStore(Clock clock, int maxTokens, int minPurgeInterval) {
		Assert.notNull(clock, "clock must not be null");
		Assert.isTrue(maxTokens > 0, "maxTokens must be positive");
		Assert.isTrue(minPurgeInterval > 0, "minPurgeInterval must be positive");
		this.clock = clock;
		this.maxTokens = maxTokens;
		this.minPurgeInterval = minPurgeInterval;
		this.purgeInterval = minPurgeInterval;
	}

	/**
	 * Sets how long a revocation matters to access tokens: the access-token lifetime plus the
	 * clock skew. By default a revocation is kept until the instant it is revoked until.
	 * @param retention the access-token lifetime plus the clock skew
	 * @since 0.2.0
	 */
	public void setRevocationRetention(Duration retention) {
		Assert.isTrue(retention != null && !retention.isNegative() && !retention.isZero(),
				"retention must be positive");
		this.revocationRetention = retention;
	}

	@Override
	public List<String> save(String tokenHash, WxPrincipal session, Instant expiresAt, @Nullable String device,
			int maxSessionsPerUser, Instant revokeUntil) {
		Assert.hasText(tokenHash, "tokenHash must not be empty");
		Assert.notNull(session, "session must not be null");
		Assert.notNull(expiresAt, "expiresAt must not be null");
		Assert.notNull(revokeUntil, "revokeUntil must not be null");
		store(tokenHash, new StoredToken(session, expiresAt, false));
		this.liveTokens.put(session.sessionId(), tokenHash);
		this.sessions.put(session.sessionId(), new WxSessionInfo(session.sessionId(), session.appId(),
				session.openid(), device, this.clock.instant(), null, expiresAt));
		Set<String> ids = this.sessionsByUser.computeIfAbsent(userKey(session.appId(), session.openid()),
				(key) -> ConcurrentHashMap.newKeySet());
		List<String> revoked = List.of();
		// One user's logins are counted and trimmed one at a time, so that concurrent logins never
		// leave more than the most alive.
		synchronized (ids) {
			ids.add(session.sessionId());
			if (maxSessionsPerUser > 0) {
				List<WxSessionInfo> live = liveSessions(session.appId(), session.openid());
				if (live.size() > maxSessionsPerUser) {
					revoked = new ArrayList<>();
					Instant now = this.clock.instant();
					for (WxSessionInfo oldest : live.subList(maxSessionsPerUser, live.size())) {
						revoke(oldest.sessionId(), revokeUntil, now);
						forgetSession(oldest.sessionId());
						revoked.add(0, oldest.sessionId());
					}
				}
			}
		}
		afterWrite();
		return revoked;
	}

	@Override
	public List<WxSessionInfo> liveSessions(String appId, String openid) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		Set<String> ids = this.sessionsByUser.get(userKey(appId, openid));
		if (ids == null) {
			return List.of();
		}
		Instant now = this.clock.instant();
		List<WxSessionInfo> live = new ArrayList<>();
		for (String id : ids) {
			WxSessionInfo info = this.sessions.get(id);
			if (info != null && now.isBefore(info.expiresAt()) && !this.revokedSessions.containsKey(id)
					&& this.liveTokens.containsKey(id)) {
				live.add(info);
			}
		}
		live.sort(Comparator.comparing(WxSessionInfo::createdAt).reversed());
		return live;
	}

	@Override
	public void markUserStale(String appId, String openid, Instant before, Instant until) {
		Assert.notNull(before, "before must not be null");
		Assert.notNull(until, "until must not be null");
		this.staleUsers.merge(userKey(appId, openid), new Instant[] { before, until },
				(existing, added) -> existing[0].isAfter(added[0]) ? existing : added);
		afterWrite();
	}

	@Override
	public @Nullable Instant staleBefore(String appId, String openid) {
		// Every authenticated request asks: without any mark, no key is built.
		if (this.staleUsers.isEmpty()) {
			return null;
		}
		Instant[] mark = this.staleUsers.get(userKey(appId, openid));
		return (mark != null && this.clock.instant().isBefore(mark[1])) ? mark[0] : null;
	}

	private static String userKey(String appId, String openid) {
		return appId + ':' + openid;
	}

	private void forgetSession(String sessionId) {
		WxSessionInfo info = this.sessions.remove(sessionId);
		if (info != null) {
			Set<String> ids = this.sessionsByUser.get(userKey(info.appId(), info.openid()));
			if (ids != null) {
				ids.remove(sessionId);
				if (ids.isEmpty()) {
					this.sessionsByUser.remove(userKey(info.appId(), info.openid()), ids);
				}
			}
		}
	}

	@Override
	public RotationResult rotate(String presentedHash, String replacementHash, Instant now,
			Instant replacementExpiresAt, Instant revokeUntil) {
		RefreshTokenStore.checkRotation(presentedHash, replacementHash, now, replacementExpiresAt, revokeUntil);
		RotationResult[] result = new RotationResult[1];
		// compute locks the presented token's entry, so of two callers rotating the same token
		// exactly one sees it unspent.
		this.tokens.compute(presentedHash, (hash, stored) -> {
			if (stored == null) {
				result[0] = RotationResult.of(Outcome.UNKNOWN);
				return null;
			}
			// Revoked while the revocation is remembered at all, even past its retention: it is
			// forgotten only together with the session's live token (see purge).
			if (this.revokedSessions.containsKey(stored.session().sessionId())) {
				result[0] = RotationResult.revoked(stored.session());
				return stored;
			}
			// Expiry is checked before reuse: spent tokens are only kept until they expire, so
			// past that instant reuse could not be told apart from an unknown token anyway.
			if (!now.isBefore(stored.expiresAt())) {
				result[0] = RotationResult.of(Outcome.EXPIRED);
				return null;
			}
			if (stored.spent()) {
				revoke(stored.session().sessionId(), revokeUntil, now);
				result[0] = RotationResult.reused(stored.session().sessionId());
				return stored;
			}
			result[0] = RotationResult.rotated(stored.session());
			return new StoredToken(stored.session(), stored.expiresAt(), true);
		});
		if (result[0].isRotated()) {
			// Outside compute: a ConcurrentHashMap must not be changed from within its own compute.
			// Nobody else knows the replacement yet, so storing it a moment later is safe.
			store(replacementHash, new StoredToken(result[0].session(), replacementExpiresAt, false));
			this.liveTokens.put(result[0].session().sessionId(), replacementHash);
			this.sessions.computeIfPresent(result[0].session().sessionId(),
					(id, info) -> new WxSessionInfo(id, info.appId(), info.openid(), info.device(), info.createdAt(),
							now, replacementExpiresAt));
		}

		afterWrite();
		return result[0];
	}

	@Override
	public void revokeSession(String sessionId, Instant until) {
		Assert.hasText(sessionId, "sessionId must not be empty");
		Assert.notNull(until, "until must not be null");
		revoke(sessionId, until, this.clock.instant());
		forgetSession(sessionId);
		afterWrite();
	}

	@Override
	public boolean isSessionRevoked(String sessionId) {
		return isRevoked(sessionId, this.clock.instant());
	}

	private boolean isRevoked(String sessionId, Instant now) {
		Instant until = this.revokedSessions.get(sessionId);
		return until != null && now.isBefore(until);
	}

	private void revoke(String sessionId, Instant until, Instant now) {
		Duration retention = this.revocationRetention;
		Instant remembered = (retention != null && now.plus(retention).isBefore(until)) ? now.plus(retention) : until;
		// A later revocation never shortens an earlier, longer one.
		this.revokedSessions.merge(sessionId, remembered,
				(existing, added) -> existing.isAfter(added) ? existing : added);
	}


	private void store(String tokenHash, StoredToken token) {
		this.tokens.put(tokenHash, token);
		this.arrivals.add(tokenHash);
		while (this.tokens.size() > this.maxTokens) {
			String oldest = this.arrivals.poll();
			if (oldest == null) {
				break;
			}
			this.tokens.remove(oldest);
		}
	}

	private void afterWrite() {
		if (this.writesSincePurge.incrementAndGet() < this.purgeInterval || !this.purging.compareAndSet(false, true)) {
			return;
		}
		try {
			purge();
		}
		finally {
			this.purging.set(false);
		}
	}

	private void purge() {
		Instant now = this.clock.instant();
		this.tokens.values().removeIf((stored) -> !now.isBefore(stored.expiresAt()));
		for (Map.Entry<String, Instant> revocation : this.revokedSessions.entrySet()) {
			if (!now.isBefore(revocation.getValue())) {
				// The live token first: a rotation that finds the revocation gone finds no token.
				String live = this.liveTokens.remove(revocation.getKey());
				if (live != null) {
					this.tokens.remove(live);
				}
				this.revokedSessions.remove(revocation.getKey(), revocation.getValue());
			}
		}
		this.arrivals.removeIf((hash) -> !this.tokens.containsKey(hash));
		this.liveTokens.values().removeIf((hash) -> !this.tokens.containsKey(hash));
		this.staleUsers.values().removeIf((mark) -> !now.isBefore(mark[1]));
		for (String sessionId : this.sessions.keySet()) {
			if (!this.liveTokens.containsKey(sessionId)) {
				forgetSession(sessionId);
			}
		}
		this.writesSincePurge.set(0);
		// A sweep costs as much as the store holds, so the next one waits for as many writes:
		// purging stays amortized constant time per write however large the store grows.
		this.purgeInterval = Math.max(this.minPurgeInterval, (long) this.tokens.size() + this.revokedSessions.size());
	}

	int tokenCount() {
		return this.tokens.size();
	}

	int revokedSessionCount() {
		return this.revokedSessions.size();
	}

	@Override
	public String toString() {
		return "InMemoryRefreshTokenStore[tokens=" + this.tokens.size() + ", revokedSessions="
				+ this.revokedSessions.size() + "]";
	}

	private record StoredToken(WxPrincipal session, Instant expiresAt, boolean spent) {

		@Override
		public String toString() {
			return "StoredToken[session=" + this.session.sessionId() + ", expiresAt=" + this.expiresAt + ", spent="
					+ this.spent + "]";
		}

	}

}
