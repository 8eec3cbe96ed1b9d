package io.github.wxminiauth.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.github.wxminiauth.token.RefreshTokenStore;
import io.github.wxminiauth.token.RotationResult;
import io.github.wxminiauth.token.RotationResult.Outcome;
import io.github.wxminiauth.token.UserTag;
import io.github.wxminiauth.token.WxSessionInfo;
import io.github.wxminiauth.user.WxPrincipal;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * A {@link RefreshTokenStore} in Redis, shared by every instance of the application: a refresh
 * token rotates wherever it is presented, and a logout on one instance holds on all. It works on a
 * standalone Redis, a Sentinel-managed one and Redis Cluster (the cluster editions of the clouds
 * too, with or without a proxy): every script touches keys of one hash slot only, all passed in
 * {@code KEYS}.
 * <p>
 * Keys, under a configurable prefix ({@code {user}} stands for {@code {tag}}, a hash tag made of the
 * user's {@link UserTag} (a hash of app id and openid), so that everything about one user's sessions
 * is in one slot):
 * <ul>
 * <li>{@code {prefix}{user}:rt:{tokenHash}} — a hash per refresh token (the token hash starts with
 * the user's tag too): the session ({@code app},
 * {@code openid}, {@code unionid}, {@code sid}), its expiry ({@code exp}) and whether it was spent.
 * Only the SHA-256 hash of a token ever reaches Redis, so a reader of Redis cannot log in.</li>
 * <li>{@code {prefix}{user}:sessions} — a hash of the user's sessions: per {@code sid}, when it
 * was created, refreshed last and expires, and its device label.</li>
 * <li>{@code {prefix}{user}:revoked} — a hash of the user's revoked sessions: per {@code sid}, the
 * instant until which it stays revoked.</li>
 * <li>{@code {prefix}{revocations}} — a stream of revocations ({@code sid}, {@code until}) and stale
 * marks, capped to about {@value #DEFAULT_STREAM_MAX_LENGTH} entries, that running instances read to
 * learn of them within a poll interval.</li>
 * <li>{@code {prefix}{revocations}:sessions} — a sorted set of the sessions revoked within the
 * revocation retention (member {@code sid}, score the instant until which its access tokens may
 * still be presented), trimmed at every revocation: what an instance started later loads, however
 * many revocations the capped stream has dropped meanwhile.</li>
 * <li>{@code {prefix}{revocations}:stale-users} — the users whose access tokens are stale.</li>
 * </ul>
 * Every key expires with what it holds (Redis TTL), so Redis keeps only live sessions.
 * <p>
 * A refresh request carries nothing but the token, and a revocation nothing but the session id:
 * both start with the user's tag (see {@link RefreshTokenStore}), which names the user's slot, so
 * no lookup comes first. Rotation with reuse detection (which revokes the whole session), a login
 * with the limit of sessions per user, and the user's part of a revocation are each one Lua script
 * on the user's slot, one round trip, so two instances redeeming the same token, or logging the
 * same user in, at the same moment cannot both win. Telling the other instances (the stream and
 * the set of revoked sessions, in a slot of their own) is a second step, taken only after the user's slot holds the revocation: a
 * crash in between leaves the session unable to refresh, and its access tokens, until they expire,
 * accepted by the instances that did not hear of it, as if the revocation were never acknowledged
 * (it was not). A session id or token hash without a tag (not made by {@code WxTokenService})
 * names no slot: such a token is unknown, and such a session is only told to the other instances.
 * <p>
 * {@link #isSessionRevoked} runs on every authenticated request and answers from memory: a
 * background poller (started with {@link #start()}) reads the revocation stream every
 * {@code pollInterval}, so that an access token of a session revoked on any instance is rejected
 * here within about that interval; an instance loads the set of revoked sessions and the stream
 * when it starts, so it rejects every token revoked within their lifetime from its first request. While Redis is
 * unreachable the poller keeps retrying, and requests are authenticated against the revocations
 * known so far. Operations that need Redis (save, rotate, revoke) throw Spring's
 * {@link org.springframework.dao.DataAccessException} meanwhile; set a short
 * {@code spring.data.redis.timeout} so they fail fast.
 * <p>
 * Redis replicates asynchronously: when a master fails and its replica takes over, the writes of
 * the last moment that had not reached the replica are lost (see docs/architecture.md).
 *
 * @since 0.1.0
 */
public final class RedisRefreshTokenStore implements RefreshTokenStore, SmartLifecycle {

	/** Default interval at which the revocation stream is read. */
	public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);

	static final long DEFAULT_STREAM_MAX_LENGTH = 100_000;

	// A session in the user's session hash: created,expires,refreshed,device (epoch ms; refreshed
	// empty until the first refresh; the device label last, as it may hold commas).
	// Sessions are pruned of the expired ones, ordered by creation, and the oldest revoked beyond
	// the most per user: Lua helpers shared by the scripts below.
	private static final String SESSIONS_LUA = """
			local function liveSessions(sessionsKey, now)
				local all = redis.call('HGETALL', sessionsKey)
				local live = {}
				for i = 1, #all, 2 do
					local created, exp = string.match(all[i + 1], '^(%d+),(%d+),')
					if exp and tonumber(exp) > now then
						table.insert(live, {sid = all[i], created = tonumber(created)})
					else
						redis.call('HDEL', sessionsKey, all[i])
					end
				end
				table.sort(live, function(a, b)
					if a.created == b.created then
						return a.sid < b.sid
					end
					return a.created < b.created
				end)
				return live
			end
			local function revoke(revokedKey, sid, untilMs, now)
				local existing = tonumber(redis.call('HGET', revokedKey, sid))
				if not existing or existing < untilMs then
					redis.call('HSET', revokedKey, sid, untilMs)
				end
				if untilMs > now and redis.call('PTTL', revokedKey) < untilMs - now then
					redis.call('PEXPIRE', revokedKey, untilMs - now)
				end
			end
			local function pruneRevoked(revokedKey, now)
				local all = redis.call('HGETALL', revokedKey)
				for i = 1, #all, 2 do
					if tonumber(all[i + 1]) <= now then
						redis.call('HDEL', revokedKey, all[i])
					end
				end
			end
			local function keepAtLeast(key, ttl)
				if redis.call('PTTL', key) < ttl then
					redis.call('PEXPIRE', key, ttl)
				end
			end
			""";

	// KEYS: token, user's sessions, user's revoked sessions.
	// ARGV: app, openid, unionid, sid, expiry, TTL, device, now, most sessions per user (0: no
	// limit), revoke until (times in epoch ms).
	// Answers the sessions revoked for the limit, oldest first.
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> SAVE = new DefaultRedisScript<>(SESSIONS_LUA + """
			local now = tonumber(ARGV[8])
			redis.call('HSET', KEYS[1], 'app', ARGV[1], 'openid', ARGV[2], 'unionid', ARGV[3], 'sid', ARGV[4],
					'exp', ARGV[5], 'spent', '0')
			redis.call('PEXPIRE', KEYS[1], ARGV[6])
			redis.call('HSET', KEYS[2], ARGV[4], ARGV[8] .. ',' .. ARGV[5] .. ',,' .. ARGV[7])
			keepAtLeast(KEYS[2], tonumber(ARGV[6]))
			local live = liveSessions(KEYS[2], now)
			local revoked = {}
			local max = tonumber(ARGV[9])
			if max > 0 then
				for i = 1, #live - max do
					local sid = live[i].sid
					redis.call('HDEL', KEYS[2], sid)
					revoke(KEYS[3], sid, tonumber(ARGV[10]), now)
					table.insert(revoked, sid)
				end
			end
			if #revoked > 0 then
				pruneRevoked(KEYS[3], now)
			end
			return revoked
			""", List.class);

	// KEYS: presented token, replacement token, user's sessions, user's revoked sessions.
	// ARGV: now, replacement expiry, replacement TTL, revoke until (times in epoch ms).
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> ROTATE = new DefaultRedisScript<>(SESSIONS_LUA + """
			local t = redis.call('HMGET', KEYS[1], 'app', 'openid', 'unionid', 'sid', 'exp', 'spent')
			if not t[4] then
				return {'UNKNOWN'}
			end
			local sid = t[4]
			local now = tonumber(ARGV[1])
			local revokedUntil = tonumber(redis.call('HGET', KEYS[4], sid))
			if revokedUntil and now < revokedUntil then
				return {'REVOKED', t[1], t[2], t[3] or '', sid}
			end
			if now >= tonumber(t[5]) then
				redis.call('DEL', KEYS[1])
				return {'EXPIRED'}
			end
			if t[6] == '1' then
				redis.call('HDEL', KEYS[3], sid)
				revoke(KEYS[4], sid, tonumber(ARGV[4]), now)
				return {'REUSED', sid}
			end
			redis.call('HSET', KEYS[1], 'spent', '1')
			redis.call('HSET', KEYS[2], 'app', t[1], 'openid', t[2], 'unionid', t[3] or '', 'sid', sid,
					'exp', ARGV[2], 'spent', '0')
			redis.call('PEXPIRE', KEYS[2], ARGV[3])
			local session = redis.call('HGET', KEYS[3], sid)
			if session then
				local created, device = string.match(session, '^(%d+),%d+,%d*,(.*)$')
				if created then
					redis.call('HSET', KEYS[3], sid, created .. ',' .. ARGV[2] .. ',' .. ARGV[1] .. ',' .. device)
					keepAtLeast(KEYS[3], tonumber(ARGV[3]))
				end
			end
			return {'ROTATED', t[1], t[2], t[3] or '', sid}
			""", List.class);

	// KEYS: user's sessions, user's revoked sessions. ARGV: sid, until, now (epoch ms).
	private static final RedisScript<Long> REVOKE = new DefaultRedisScript<>(SESSIONS_LUA + """
			local now = tonumber(ARGV[3])
			redis.call('HDEL', KEYS[1], ARGV[1])
			revoke(KEYS[2], ARGV[1], tonumber(ARGV[2]), now)
			pruneRevoked(KEYS[2], now)
			return 1
			""", Long.class);

	// KEYS: revocation stream, revoked-session set. ARGV: remembered until, now, remembered TTL,
	// stream max length (times in epoch ms), then the revoked sessions. Idempotent, so that a
	// retried revocation is told again.
	private static final RedisScript<Long> PUBLISH = new DefaultRedisScript<>("""
			for i = 5, #ARGV do
				local sid = ARGV[i]
				local known = tonumber(redis.call('ZSCORE', KEYS[2], sid))
				if not known or known < tonumber(ARGV[1]) then
					redis.call('ZADD', KEYS[2], ARGV[1], sid)
				end
				redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', 'sid', sid, 'until', ARGV[1])
			end
			redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[2])
			if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[3]) then
				redis.call('PEXPIRE', KEYS[2], ARGV[3])
			end
			return 1
			""", Long.class);

	// KEYS: stale-user set, revocation stream. ARGV: user ({app}:{openid}), before, trim below,
	// set TTL, stream max length (times in epoch ms).
	private static final RedisScript<Long> MARK_STALE = new DefaultRedisScript<>("""
			local known = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
			if known and known >= tonumber(ARGV[2]) then
				return 0
			end
			redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
			redis.call('PEXPIRE', KEYS[1], ARGV[4])
			redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*', 'user', ARGV[1], 'before', ARGV[2])
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final String streamKey;

	private final String revokedSetKey;

	private final String staleSetKey;

	private final Clock clock;

	private final long streamMaxLength;

	private final RevocationFeed revocations;

	/**
	 * Creates a store that reads revocations every {@link #DEFAULT_POLL_INTERVAL}.
	 * @param redis the Redis operations
	 * @param keyPrefix the prefix of every key, e.g. {@code wxmini:}
	 * @param clock the clock that decides expiry
	 */
	public RedisRefreshTokenStore(StringRedisTemplate redis, String keyPrefix, Clock clock) {
		this(redis, keyPrefix, clock, DEFAULT_POLL_INTERVAL, DEFAULT_STREAM_MAX_LENGTH);
	}

	RedisRefreshTokenStore(StringRedisTemplate redis, String keyPrefix, Clock clock, Duration pollInterval,
			long streamMaxLength) {
		Assert.notNull(redis, "redis must not be null");
		Assert.notNull(keyPrefix, "keyPrefix must not be null");
		Assert.notNull(clock, "clock must not be null");
		Assert.isTrue(streamMaxLength > 0, "streamMaxLength must be positive");
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		// One hash tag for the three, so that a script may touch any two of them.
		this.streamKey = keyPrefix + "{revocations}";
		this.revokedSetKey = this.streamKey + ":sessions";
		this.staleSetKey = this.streamKey + ":stale-users";
		this.clock = clock;
		this.streamMaxLength = streamMaxLength;
		this.revocations = new RevocationFeed(redis, this.streamKey, this.revokedSetKey, clock, pollInterval);
		this.revocations.setStaleUsersKey(this.staleSetKey);
		// The stream's key before 0.2.0: an upgrade keeps the revocations made before it.
		this.revocations.setLegacyStreamKey(keyPrefix + "revocations");
	}

	/**
	 * Sets how long a revocation matters to access tokens: the access-token lifetime plus the
	 * clock skew. Instances keep a revoked session in memory, and in the set an instance started
	 * later loads, only that long (the session's refresh tokens stay refused in Redis until they
	 * expire), so memory is bounded by the revocations of one access-token lifetime. By default
	 * a revocation is kept until the instant it is revoked until.
	 * @param retention the access-token lifetime plus the clock skew
	 * @since 0.2.0
	 */
	public void setRevocationRetention(Duration retention) {
		Assert.isTrue(retention != null && !retention.isNegative() && !retention.isZero(),
				"retention must be positive");
		this.revocations.setRetention(retention);
	}

	@Override
	public List<String> save(String tokenHash, WxPrincipal session, Instant expiresAt, @Nullable String device,
			int maxSessionsPerUser, Instant revokeUntil) {
		RefreshTokenStore.checkSave(tokenHash, session, expiresAt, revokeUntil);
		Instant now = this.clock.instant();
		String tag = UserTag.of(session.appId(), session.openid());
		// A later rotation or revocation finds the session's slot by these tags alone.
		Assert.isTrue(tag.equals(UserTag.in(tokenHash)), "tokenHash must start with the user's tag");
		Assert.isTrue(tag.equals(UserTag.in(session.sessionId())), "the session id must start with the user's tag");
		List<?> revoked = this.redis.execute(SAVE,
				List.of(userKey(tag, "rt:" + tokenHash), userKey(tag, "sessions"), userKey(tag, "revoked")),
				session.appId(), session.openid(), (session.unionid() != null) ? session.unionid() : "",
				session.sessionId(), millis(expiresAt), ttl(now, expiresAt), (device != null) ? device : "",
				millis(now), Integer.toString(Math.max(0, maxSessionsPerUser)), millis(revokeUntil));
		if (revoked == null || revoked.isEmpty()) {
			return List.of();
		}
		List<String> sessionIds = new ArrayList<>(revoked.size());
		for (Object sessionId : revoked) {
			sessionIds.add(String.valueOf(sessionId));
		}
		publish(sessionIds, now, revokeUntil);
		return sessionIds;
	}

	@Override
	public RotationResult rotate(String presentedHash, String replacementHash, Instant now,
			Instant replacementExpiresAt, Instant revokeUntil) {
		RefreshTokenStore.checkRotation(presentedHash, replacementHash, now, replacementExpiresAt, revokeUntil);
		String tag = UserTag.in(presentedHash);
		if (tag == null) {
			return RotationResult.of(Outcome.UNKNOWN);
		}
		Assert.isTrue(tag.equals(UserTag.in(replacementHash)),
				"replacementHash must start with the tag of the presented one");
		List<?> reply = this.redis.execute(ROTATE,
				List.of(userKey(tag, "rt:" + presentedHash), userKey(tag, "rt:" + replacementHash),
						userKey(tag, "sessions"), userKey(tag, "revoked")),
				millis(now), millis(replacementExpiresAt), ttl(now, replacementExpiresAt), millis(revokeUntil));
		Assert.state(reply != null && !reply.isEmpty(), "the rotate script answered nothing");
		Outcome outcome = Outcome.valueOf(String.valueOf(reply.get(0)));
		if (outcome == Outcome.REUSED) {
			String reused = String.valueOf(reply.get(1));
			publish(List.of(reused), now, revokeUntil);
			return RotationResult.reused(reused);
		}
		if (outcome != Outcome.ROTATED && outcome != Outcome.REVOKED) {
			return RotationResult.of(outcome);
		}
		String unionid = String.valueOf(reply.get(3));
		WxPrincipal session = new WxPrincipal(String.valueOf(reply.get(1)), String.valueOf(reply.get(2)),
				StringUtils.hasLength(unionid) ? unionid : null, String.valueOf(reply.get(4)));
		return (outcome == Outcome.ROTATED) ? RotationResult.rotated(session) : RotationResult.revoked(session);
	}

	@Override
	public void revokeSession(String sessionId, Instant until) {
		Assert.hasText(sessionId, "sessionId must not be empty");
		Assert.notNull(until, "until must not be null");
		Instant now = this.clock.instant();
		if (!now.isBefore(until)) {
			return;
		}
		String tag = UserTag.in(sessionId);
		if (tag != null) {
			// The user's slot first: once it holds the revocation, no refresh token of the session
			// is redeemable, whatever happens to the second step.
			this.redis.execute(REVOKE, List.of(userKey(tag, "sessions"), userKey(tag, "revoked")), sessionId,
					millis(until), millis(now));
		}
		// Without a tag the session is not one of this store's (e.g. of a version before 0.2.0): it
		// has no redeemable token here, its access tokens are all that remains to refuse.
		publish(List.of(sessionId), now, until);
	}

	/**
	 * Tells every instance of revoked sessions: this one at once, the others through the stream,
	 * and the ones started later through the set of revoked sessions.
	 */
	private void publish(List<String> sessionIds, Instant now, Instant until) {
		Instant remembered = this.revocations.rememberedUntil(now, until);
		List<String> args = new ArrayList<>(4 + sessionIds.size());
		args.add(millis(remembered));
		args.add(millis(now));
		args.add(ttl(now, remembered));
		args.add(Long.toString(this.streamMaxLength));
		args.addAll(sessionIds);
		this.redis.execute(PUBLISH, List.of(this.streamKey, this.revokedSetKey), args.toArray());
		for (String sessionId : sessionIds) {
			this.revocations.revoked(sessionId, remembered);
		}
	}

	@Override
	public List<WxSessionInfo> liveSessions(String appId, String openid) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		Map<Object, Object> sessions = this.redis.opsForHash().entries(userKey(UserTag.of(appId, openid), "sessions"));
		long now = this.clock.millis();
		List<WxSessionInfo> live = new ArrayList<>();
		for (Map.Entry<Object, Object> session : sessions.entrySet()) {
			WxSessionInfo info = toSessionInfo(appId, openid, String.valueOf(session.getKey()),
					String.valueOf(session.getValue()), now);
			if (info != null && !this.revocations.isRevoked(info.sessionId())) {
				live.add(info);
			}
		}
		live.sort(Comparator.comparing(WxSessionInfo::createdAt)
			.thenComparing(WxSessionInfo::sessionId)
			.reversed());
		return live;
	}

	private static @Nullable WxSessionInfo toSessionInfo(String appId, String openid, String sessionId,
			String record, long now) {
		String[] fields = record.split(",", 4);
		if (fields.length < 4) {
			return null;
		}
		try {
			long expiresAt = Long.parseLong(fields[1]);
			if (expiresAt <= now) {
				return null;
			}
			return new WxSessionInfo(sessionId, appId, openid, fields[3].isEmpty() ? null : fields[3],
					Instant.ofEpochMilli(Long.parseLong(fields[0])),
					fields[2].isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(fields[2])),
					Instant.ofEpochMilli(expiresAt));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * A key of one user's, by the user's tag: the hash tag puts all of them in one slot.
	 */
	private String userKey(String tag, String name) {
		return this.keyPrefix + "{" + tag + "}:" + name;
	}

	@Override
	public void markUserStale(String appId, String openid, Instant before, Instant until) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		Assert.notNull(before, "before must not be null");
		Assert.notNull(until, "until must not be null");
		Instant now = this.clock.instant();
		Instant remembered = this.revocations.rememberedUntil(before, until);
		long keep = Math.max(1, remembered.toEpochMilli() - before.toEpochMilli());
		this.redis.execute(MARK_STALE, List.of(this.staleSetKey, this.streamKey), appId + ":" + openid,
				millis(before), Long.toString(now.toEpochMilli() - keep), ttl(now, remembered),
				Long.toString(this.streamMaxLength));
		this.revocations.stale(appId + ":" + openid, before);
	}

	@Override
	public @Nullable Instant staleBefore(String appId, String openid) {
		// Every authenticated request asks: without any mark, no key is built.
		return this.revocations.hasStaleUsers() ? this.revocations.staleBefore(appId + ":" + openid) : null;
	}

	@Override
	public boolean isSessionRevoked(String sessionId) {
		return this.revocations.isRevoked(sessionId);
	}

	/**
	 * Starts reading the revocations of every instance: the sessions revoked within the retention
	 * and the stream at once, then the stream in the background.
	 */
	@Override
	public void start() {
		this.revocations.start();
	}

	/**
	 * Stops the background reading of revocations.
	 */
	@Override
	public void stop() {
		this.revocations.stop();
	}

	@Override
	public boolean isRunning() {
		return this.revocations.isRunning();
	}

	int knownRevocations() {
		return this.revocations.size();
	}

	private static String millis(Instant instant) {
		return Long.toString(instant.toEpochMilli());
	}

	/**
	 * Time to live of a key whose content ends at {@code end}, measured on this store's clock
	 * rather than Redis's, and at least a millisecond, as Redis rejects a zero TTL.
	 */
	private static String ttl(Instant now, Instant end) {
		return Long.toString(Math.max(1, end.toEpochMilli() - now.toEpochMilli()));
	}

	@Override
	public String toString() {
		return "RedisRefreshTokenStore[keys=" + this.keyPrefix + "{user-tag}:*, " + this.streamKey + "*]";
	}

}
