package io.github.wxminiauth.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.github.wxminiauth.token.RefreshTokenStore;
import io.github.wxminiauth.token.RotationResult;
import io.github.wxminiauth.token.RotationResult.Outcome;
import io.github.wxminiauth.token.WxSessionInfo;
import io.github.wxminiauth.user.WxPrincipal;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * A {@link RefreshTokenStore} in Redis, shared by every instance of the application: a refresh
 * token rotates wherever it is presented, and a logout on one instance holds on all.
 * <p>
 * Keys, under a configurable prefix:
 * <ul>
 * <li>{@code {prefix}rt:{tokenHash}} — a hash per refresh token: the session ({@code app},
 * {@code openid}, {@code unionid}, {@code sid}), its expiry ({@code exp}) and whether it was spent.
 * Only the SHA-256 hash of a token ever reaches Redis, so a reader of Redis cannot log in.</li>
 * <li>{@code {prefix}revoked:{sid}} — a revoked session, holding the instant until which it stays
 * revoked.</li>
 * <li>{@code {prefix}revocations} — a stream of revocations ({@code sid}, {@code until}), capped
 * to about {@value #DEFAULT_STREAM_MAX_LENGTH} entries, that running instances read to learn of
 * revocations within a poll interval.</li>
 * <li>{@code {prefix}revoked-sessions} — a sorted set of the sessions revoked within the
 * revocation retention (member {@code sid}, score the instant until which its access tokens may
 * still be presented), trimmed at every revocation: what an instance started later loads, however
 * many revocations the capped stream has dropped meanwhile.</li>
 * </ul>
 * Token and revocation keys are named by an unguessable token hash or session id rather than by
 * app: a refresh request carries nothing but the token, so they cannot be namespaced per app. Every
 * key expires with what it holds (Redis TTL), so Redis keeps only live sessions.
 * <p>
 * Rotation, reuse detection (which revokes the whole session) and revocation are each one Lua
 * script (a rotation first reads the token's session, whose app decides the replacement's
 * lifetime), so two instances redeeming the same token at the same moment cannot both win. The
 * scripts touch keys of different hash slots: use a standalone or Sentinel-managed Redis, not
 * Redis Cluster.
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
 *
 * @since 0.1.0
 */
public final class RedisRefreshTokenStore implements RefreshTokenStore, SmartLifecycle {

	/** Default interval at which the revocation stream is read. */
	public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);

	static final long DEFAULT_STREAM_MAX_LENGTH = 100_000;

	/** The fields of a session hash the session list reads, in this order. */
	private static final byte[][] SESSION_FIELDS = fields("app", "openid", "device", "refreshed", "exp", "created");

	// KEYS: token, session, user's session index, revocation stream, revoked-session set.
	// ARGV: app, openid, unionid, sid, expiry, TTL, device, now, most sessions per user (0: no
	// limit), session key prefix, revoked key prefix, revoke until, revocation TTL, remembered
	// until, remembered TTL, stream max length (times in epoch ms).
	// Answers the sessions revoked for the limit, oldest first.
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> SAVE = new DefaultRedisScript<>("""
			redis.call('HSET', KEYS[1], 'app', ARGV[1], 'openid', ARGV[2], 'unionid', ARGV[3], 'sid', ARGV[4],
					'exp', ARGV[5], 'spent', '0')
			redis.call('PEXPIRE', KEYS[1], ARGV[6])
			redis.call('HSET', KEYS[2], 'app', ARGV[1], 'openid', ARGV[2], 'device', ARGV[7], 'created', ARGV[8],
					'refreshed', '', 'exp', ARGV[5])
			redis.call('PEXPIRE', KEYS[2], ARGV[6])
			redis.call('ZADD', KEYS[3], ARGV[8], ARGV[4])
			if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[6]) then
				redis.call('PEXPIRE', KEYS[3], ARGV[6])
			end
			local revoked = {}
			local max = tonumber(ARGV[9])
			if max > 0 then
				local members = redis.call('ZRANGE', KEYS[3], 0, -1)
				local live = {}
				for _, sid in ipairs(members) do
					local exp = tonumber(redis.call('HGET', ARGV[10] .. sid, 'exp'))
					if exp and exp > tonumber(ARGV[8]) then
						table.insert(live, sid)
					else
						redis.call('ZREM', KEYS[3], sid)
					end
				end
				for i = 1, #live - max do
					local sid = live[i]
					redis.call('SET', ARGV[11] .. sid, ARGV[12], 'PX', ARGV[13])
					redis.call('ZADD', KEYS[5], ARGV[14], sid)
					redis.call('PEXPIRE', KEYS[5], ARGV[15])
					redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[16], '*', 'sid', sid, 'until', ARGV[14])
					redis.call('DEL', ARGV[10] .. sid)
					redis.call('ZREM', KEYS[3], sid)
					table.insert(revoked, sid)
				end
			end
			return revoked
			""", List.class);

	// KEYS: presented token, replacement token, revocation stream, revoked-session set.
	// ARGV: revoked-session key prefix, now, replacement expiry, replacement TTL, revoke until,
	// revocation TTL, stream max length, remembered until, remembered TTL (times in epoch ms).
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> ROTATE = new DefaultRedisScript<>("""
			local t = redis.call('HMGET', KEYS[1], 'app', 'openid', 'unionid', 'sid', 'exp', 'spent')
			if not t[4] then
				return {'UNKNOWN'}
			end
			local sid = t[4]
			local now = tonumber(ARGV[2])
			local revokedKey = ARGV[1] .. sid
			local revokedUntil = tonumber(redis.call('GET', revokedKey))
			if revokedUntil and now < revokedUntil then
				return {'REVOKED', t[1], t[2], t[3] or '', sid}
			end
			if now >= tonumber(t[5]) then
				redis.call('DEL', KEYS[1])
				return {'EXPIRED'}
			end
			if t[6] == '1' then
				if not revokedUntil or revokedUntil < tonumber(ARGV[5]) then
					redis.call('SET', revokedKey, ARGV[5], 'PX', ARGV[6])
					local known = tonumber(redis.call('ZSCORE', KEYS[4], sid))
					if not known or known < tonumber(ARGV[8]) then
						redis.call('ZADD', KEYS[4], ARGV[8], sid)
					end
					redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[2])
					redis.call('PEXPIRE', KEYS[4], ARGV[9])
					redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[7], '*', 'sid', sid, 'until', ARGV[8])
				end
				return {'REUSED', sid}
			end
			redis.call('HSET', KEYS[1], 'spent', '1')
			redis.call('HSET', KEYS[2], 'app', t[1], 'openid', t[2], 'unionid', t[3] or '', 'sid', sid,
					'exp', ARGV[3], 'spent', '0')
			redis.call('PEXPIRE', KEYS[2], ARGV[4])
			local sessionKey = ARGV[10] .. sid
			if redis.call('EXISTS', sessionKey) == 1 then
				redis.call('HSET', sessionKey, 'refreshed', ARGV[2], 'exp', ARGV[3])
				redis.call('PEXPIRE', sessionKey, ARGV[4])
				local userKey = ARGV[11] .. t[1] .. ':' .. t[2]
				if redis.call('PTTL', userKey) < tonumber(ARGV[4]) then
					redis.call('PEXPIRE', userKey, ARGV[4])
				end
			end
			return {'ROTATED', t[1], t[2], t[3] or '', sid}
			""", List.class);

	// KEYS: revoked-session key, revocation stream, revoked-session set, session. ARGV: sid, until,
	// TTL, stream max length, remembered until, now, remembered TTL (times in epoch ms),
	// user-index key prefix.
	private static final RedisScript<Long> REVOKE = new DefaultRedisScript<>("""
			local owner = redis.call('HMGET', KEYS[4], 'app', 'openid')
			if owner[1] then
				redis.call('ZREM', ARGV[8] .. owner[1] .. ':' .. owner[2], ARGV[1])
				redis.call('DEL', KEYS[4])
			end
			local existing = tonumber(redis.call('GET', KEYS[1]))
			if existing and existing >= tonumber(ARGV[2]) then
				return 0
			end
			redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
			local known = tonumber(redis.call('ZSCORE', KEYS[3], ARGV[1]))
			if not known or known < tonumber(ARGV[5]) then
				redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
			end
			redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[6])
			redis.call('PEXPIRE', KEYS[3], ARGV[7])
			redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'sid', ARGV[1], 'until', ARGV[5])
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

	private final String tokenKeyPrefix;

	private final String revokedKeyPrefix;

	private final String streamKey;

	private final String revokedSetKey;

	private final String sessionKeyPrefix;

	private final String staleSetKey;

	private final String userKeyPrefix;

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
		this.tokenKeyPrefix = keyPrefix + "rt:";
		this.revokedKeyPrefix = keyPrefix + "revoked:";
		this.streamKey = keyPrefix + "revocations";
		this.revokedSetKey = keyPrefix + "revoked-sessions";
		this.sessionKeyPrefix = keyPrefix + "session:";
		this.staleSetKey = keyPrefix + "stale-users";
		this.userKeyPrefix = keyPrefix + "user-sessions:";
		this.clock = clock;
		this.streamMaxLength = streamMaxLength;
		this.revocations = new RevocationFeed(redis, this.streamKey, this.revokedSetKey, clock, pollInterval);
		this.revocations.setStaleUsersKey(this.staleSetKey);
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
		Assert.hasText(tokenHash, "tokenHash must not be empty");
		Assert.notNull(session, "session must not be null");
		Assert.notNull(expiresAt, "expiresAt must not be null");
		Assert.notNull(revokeUntil, "revokeUntil must not be null");
		Instant now = this.clock.instant();
		Instant remembered = this.revocations.rememberedUntil(now, revokeUntil);
		List<?> revoked = this.redis.execute(SAVE,
				List.of(this.tokenKeyPrefix + tokenHash, this.sessionKeyPrefix + session.sessionId(),
						userKey(session.appId(), session.openid()), this.streamKey, this.revokedSetKey),
				session.appId(), session.openid(), (session.unionid() != null) ? session.unionid() : "",
				session.sessionId(), millis(expiresAt), ttl(now, expiresAt), (device != null) ? device : "",
				millis(now), Integer.toString(Math.max(0, maxSessionsPerUser)), this.sessionKeyPrefix,
				this.revokedKeyPrefix, millis(revokeUntil), ttl(now, revokeUntil), millis(remembered),
				ttl(now, remembered), Long.toString(this.streamMaxLength));
		if (revoked == null || revoked.isEmpty()) {
			return List.of();
		}
		List<String> sessionIds = new ArrayList<>(revoked.size());
		for (Object sessionId : revoked) {
			sessionIds.add(String.valueOf(sessionId));
			// Known here at once; the other instances learn it from the stream.
			this.revocations.revoked(String.valueOf(sessionId), remembered);
		}
		return sessionIds;
	}

	@Override
	public RotationResult rotate(String presentedHash, String replacementHash, Instant now,
			Function<WxPrincipal, Instant> replacementExpiry, Instant revokeUntil) {
		Assert.hasText(presentedHash, "presentedHash must not be empty");
		Assert.hasText(replacementHash, "replacementHash must not be empty");
		Assert.notNull(now, "now must not be null");
		Assert.notNull(replacementExpiry, "replacementExpiry must not be null");
		Assert.notNull(revokeUntil, "revokeUntil must not be null");
		// The replacement's lifetime is its app's, so the session is read first. A token's session
		// never changes, so reading it outside the script cannot race with a rotation; a token
		// that expires in between is answered by the script as unknown.
		List<Object> owner = this.redis.opsForHash()
			.multiGet(this.tokenKeyPrefix + presentedHash, List.of("app", "openid", "unionid", "sid"));
		if (owner.size() < 4 || owner.get(0) == null || owner.get(1) == null || owner.get(3) == null) {
			return RotationResult.of(Outcome.UNKNOWN);
		}
		String ownerUnionid = (owner.get(2) != null) ? String.valueOf(owner.get(2)) : "";
		Instant replacementExpiresAt = replacementExpiry.apply(new WxPrincipal(String.valueOf(owner.get(0)),
				String.valueOf(owner.get(1)), StringUtils.hasLength(ownerUnionid) ? ownerUnionid : null,
				String.valueOf(owner.get(3))));
		Assert.state(replacementExpiresAt != null, "replacementExpiry answered null");
		Instant remembered = this.revocations.rememberedUntil(now, revokeUntil);
		List<?> reply = this.redis.execute(ROTATE,
				List.of(this.tokenKeyPrefix + presentedHash, this.tokenKeyPrefix + replacementHash, this.streamKey,
						this.revokedSetKey),
				this.revokedKeyPrefix, millis(now), millis(replacementExpiresAt), ttl(now, replacementExpiresAt),
				millis(revokeUntil), ttl(now, revokeUntil), Long.toString(this.streamMaxLength), millis(remembered),
				ttl(now, remembered), this.sessionKeyPrefix, this.userKeyPrefix);
		Assert.state(reply != null && !reply.isEmpty(), "the rotate script answered nothing");
		Outcome outcome = Outcome.valueOf(String.valueOf(reply.get(0)));
		if (outcome == Outcome.REUSED) {
			// Known here at once; the other instances learn it from the stream.
			String sessionId = String.valueOf(reply.get(1));
			this.revocations.revoked(sessionId, remembered);
			return RotationResult.reused(sessionId);
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
		Instant remembered = this.revocations.rememberedUntil(now, until);
		this.redis.execute(REVOKE,
				List.of(this.revokedKeyPrefix + sessionId, this.streamKey, this.revokedSetKey,
						this.sessionKeyPrefix + sessionId),
				sessionId, millis(until), ttl(now, until), Long.toString(this.streamMaxLength), millis(remembered),
				millis(now), ttl(now, remembered), this.userKeyPrefix);
		this.revocations.revoked(sessionId, remembered);
	}

	@Override
	public List<WxSessionInfo> liveSessions(String appId, String openid) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		String userKey = userKey(appId, openid);
		Set<String> ids = this.redis.opsForZSet().reverseRange(userKey, 0, -1);
		if (ids == null || ids.isEmpty()) {
			return List.of();
		}
		List<String> order = new ArrayList<>(ids);
		List<Object> records = this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (String id : order) {
				connection.hashCommands()
					.hMGet((this.sessionKeyPrefix + id).getBytes(StandardCharsets.UTF_8), SESSION_FIELDS);
			}
			return null;
		});
		long now = this.clock.millis();
		List<WxSessionInfo> live = new ArrayList<>();
		for (int i = 0; i < order.size(); i++) {
			WxSessionInfo info = toSessionInfo(order.get(i), records.get(i), now);
			if (info != null && !this.revocations.isRevoked(info.sessionId())) {
				live.add(info);
			}
		}
		return live;
	}

	private static @Nullable WxSessionInfo toSessionInfo(String sessionId, @Nullable Object record, long now) {
		if (!(record instanceof List<?> fields) || fields.size() < SESSION_FIELDS.length || fields.get(0) == null
				|| fields.get(4) == null || fields.get(5) == null) {
			return null;
		}
		long expiresAt = Long.parseLong(String.valueOf(fields.get(4)));
		if (expiresAt <= now) {
			return null;
		}
		String device = (fields.get(2) != null) ? String.valueOf(fields.get(2)) : "";
		String refreshed = (fields.get(3) != null) ? String.valueOf(fields.get(3)) : "";
		return new WxSessionInfo(sessionId, String.valueOf(fields.get(0)), String.valueOf(fields.get(1)),
				device.isEmpty() ? null : device, Instant.ofEpochMilli(Long.parseLong(String.valueOf(fields.get(5)))),
				refreshed.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(refreshed)),
				Instant.ofEpochMilli(expiresAt));
	}

	private String userKey(String appId, String openid) {
		return this.userKeyPrefix + appId + ":" + openid;
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

	private static byte[][] fields(String... names) {
		byte[][] fields = new byte[names.length][];
		for (int i = 0; i < names.length; i++) {
			fields[i] = names[i].getBytes(StandardCharsets.UTF_8);
		}
		return fields;
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
		return "RedisRefreshTokenStore[keys=" + this.tokenKeyPrefix + "*, " + this.revokedKeyPrefix + "*, "
				+ this.streamKey + ", " + this.revokedSetKey + "]";
	}

}
