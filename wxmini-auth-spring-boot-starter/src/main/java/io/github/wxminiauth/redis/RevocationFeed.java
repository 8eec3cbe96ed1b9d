package io.github.wxminiauth.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.util.Assert;

/**
 * The revoked sessions of every instance, kept in memory and fed from the Redis revocation stream
 * by one background thread, so that checking a session on a request never waits for Redis. The
 * thread follows the stream with blocking reads (XREAD BLOCK of up to the poll interval), so a
 * revocation made on any instance is known here as soon as Redis has it; where the Redis client
 * gives up on a command sooner than that, it polls every interval instead. The blocking reads go
 * over one connection of the feed's own, kept from one read to the next (opening one per read
 * would be a new TCP connection and handshake every interval), opened again after a failure and
 * closed when the feed stops. At
 * start it also loads the set of sessions revoked within the retention, which holds every
 * revocation that still matters however many the capped stream has dropped. A revocation is kept
 * only as long as it matters to access tokens (the retention), which bounds memory by the
 * revocations of one access-token lifetime.
 */
final class RevocationFeed {

	private static final Log logger = LogFactory.getLog(RevocationFeed.class);

	private static final int BATCH = 1000;

	private static final Duration PURGE_INTERVAL = Duration.ofSeconds(30);

	private static final AtomicInteger threads = new AtomicInteger();

	private final ConcurrentMap<String, Instant> revoked = new ConcurrentHashMap<>();

	private final StringRedisTemplate redis;

	private final String streamKey;

	private final String revokedSetKey;

	private final Clock clock;

	private final Duration pollInterval;

	private final Lock lifecycle = new ReentrantLock();

	private final Lock polling = new ReentrantLock();

	private volatile @Nullable ExecutorService poller;

	/** Whether the stream is read with blocking reads; only the feed's thread changes it. */
	private volatile boolean blocking = true;

	/** Before when each user's ({@code app:openid}) access tokens are stale. */
	private final ConcurrentMap<String, Instant> staleUsers = new ConcurrentHashMap<>();

	private @Nullable String staleUsersKey;

	/** The stream of the key layout before 0.2.0, read once at start; {@code null}: none. */
	private @Nullable String legacyStreamKey;

	/** How long a revocation matters; {@code null}: until the instant it is revoked until. */
	private volatile @Nullable Duration retention;

	/** Id of the last stream entry read: the stream is read from its beginning at first. */
	private String lastId = "0-0";

	private boolean failing;

	private Instant lastPurge = Instant.MIN;

	/** Blocking reads that failed in a row while plain reads worked; only the feed's thread. */
	private int blockingFailures;

	/** The connection of the blocking reads; only the feed's thread uses it. */
	private @Nullable RedisConnection blockingConnection;

	RevocationFeed(StringRedisTemplate redis, String streamKey, String revokedSetKey, Clock clock,
			Duration pollInterval) {
		Assert.isTrue(pollInterval != null && !pollInterval.isNegative() && !pollInterval.isZero(),
				"pollInterval must be positive");
		this.redis = redis;
		this.streamKey = streamKey;
		this.revokedSetKey = revokedSetKey;
		this.clock = clock;
		this.pollInterval = pollInterval;
	}

	void setRetention(Duration retention) {
		this.retention = retention;
	}

	void setStaleUsersKey(String staleUsersKey) {
		this.staleUsersKey = staleUsersKey;
	}

	void setLegacyStreamKey(String legacyStreamKey) {
		this.legacyStreamKey = legacyStreamKey;
	}

	void stale(String user, Instant before) {
		this.staleUsers.merge(user, before, (existing, added) -> existing.isAfter(added) ? existing : added);
	}

	boolean hasStaleUsers() {
		return !this.staleUsers.isEmpty();
	}

	@Nullable Instant staleBefore(String user) {
		Instant before = this.staleUsers.get(user);
		return (before != null && this.clock.instant().isBefore(staleUntil(before))) ? before : null;
	}

	/**
	 * Until when a stale mark matters: a retention after it, when every token issued before it
	 * has expired.
	 */
	private Instant staleUntil(Instant before) {
		Duration retention = this.retention;
		return before.plus((retention != null) ? retention : Duration.ofDays(1));
	}

	/**
	 * Until when a revocation made at {@code now} and lasting until {@code until} matters here.
	 */
	Instant rememberedUntil(Instant now, Instant until) {
		Duration retention = this.retention;
		if (retention == null) {
			return until;
		}
		Instant limit = now.plus(retention);
		return until.isBefore(limit) ? until : limit;
	}

	boolean isRevoked(String sessionId) {
		Instant until = this.revoked.get(sessionId);
		return until != null && this.clock.instant().isBefore(until);
	}

	void revoked(String sessionId, Instant until) {
		// A later revocation never shortens an earlier, longer one.
		this.revoked.merge(sessionId, until, (existing, added) -> existing.isAfter(added) ? existing : added);
	}

	void start() {
		this.lifecycle.lock();
		try {
			if (this.poller != null) {
				return;
			}
			// Read what is there before the first request is served, so that an instance started
			// after a logout rejects the session's tokens from its first request on: the set holds
			// every revocation that still matters, the stream what was added while reading it.
			loadRevokedSet();
			loadStaleUsers();
			loadLegacyStream();
			poll();
			ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
				Thread thread = new Thread(task, "wxmini-revocations-" + threads.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			});
			executor.execute(this::follow);
			this.poller = executor;
		}
		finally {
			this.lifecycle.unlock();
		}
	}

	void stop() {
		this.lifecycle.lock();
		try {
			ExecutorService executor = this.poller;
			if (executor == null) {
				return;
			}
			this.poller = null;
			executor.shutdownNow();
			try {
				executor.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		finally {
			this.lifecycle.unlock();
		}
	}

	boolean isRunning() {
		return this.poller != null;
	}

	int size() {
		return this.revoked.size();
	}

	/**
	 * Follows the stream until the thread is interrupted: blocking reads one after the other, or,
	 * once they have proved unusable here, a plain read every poll interval. After a failure it
	 * waits an interval before reading again.
	 */
	private void follow() {
		try {
			while (!Thread.currentThread().isInterrupted()) {
				if (this.blocking && readBlocking()) {
					continue;
				}
				if (!this.blocking) {
					poll();
				}
				try {
					Thread.sleep(this.pollInterval.toMillis());
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}
		finally {
			closeBlockingConnection();
		}
	}

	/**
	 * Reads the entries after the last one seen, waiting up to the poll interval for one to come.
	 * When that fails twice in a row, the second time on a fresh connection, but a plain read
	 * works, the Redis client gives up sooner than the block (a command timeout under the poll
	 * interval): the feed polls from then on.
	 * @return whether the read succeeded
	 */
	private boolean readBlocking() {
		this.polling.lock();
		try {
			readEntries(blockingConnection(), this.streamKey, this.lastId, this.pollInterval);
			this.blockingFailures = 0;
			recovered();
			purgeExpired();
			return true;
		}
		catch (Throwable ex) {
			// Whatever failed, the next blocking read starts on a fresh connection.
			closeBlockingConnection();
			if (Thread.currentThread().isInterrupted()) {
				return false;
			}
			try {
				readNewEntries();
			}
			catch (Throwable plain) {
				this.blockingFailures = 0;
				failed(plain);
				return false;
			}
			if (++this.blockingFailures < 2) {
				// Perhaps only that connection was broken (Redis restarted, the client was killed):
				// the next blocking read, on a fresh one, tells.
				logger.debug(LogMessage.format("A blocking read of the revocation stream failed: %s", ex));
				return true;
			}
			this.blocking = false;
			logger.info("Blocking reads of the revocation stream fail (" + ex.getClass().getName() + ": "
					+ ex.getMessage() + ") while plain reads work: the Redis client's command timeout is probably "
					+ "shorter than the poll interval; reading revocations every " + this.pollInterval.toMillis()
					+ " ms instead");
			return false;
		}
		finally {
			this.polling.unlock();
		}
	}

	/**
	 * Reads every stream entry after the last one seen, without waiting. Never throws: an
	 * exception would end the feed's thread.
	 */
	void poll() {
		this.polling.lock();
		try {
			readNewEntries();
			recovered();
			purgeExpired();
		}
		catch (Throwable ex) {
			failed(ex);
		}
		finally {
			this.polling.unlock();
		}
	}

	boolean isBlocking() {
		return this.blocking;
	}

	private void recovered() {
		if (this.failing) {
			this.failing = false;
			logger.info("Reading session revocations from Redis again");
		}
	}

	private void failed(Throwable ex) {
		if (Thread.currentThread().isInterrupted()) {
			// Stopping: the read was interrupted, Redis is not at fault.
			return;
		}
		if (!this.failing) {
			this.failing = true;
			logger.warn("Cannot read session revocations from Redis (" + ex.getClass().getName() + ": "
					+ ex.getMessage() + "); retrying every " + this.pollInterval.toMillis()
					+ " ms. Until Redis answers, sessions revoked on other instances are not known here.");
		}
		else {
			logger.debug(LogMessage.format("Reading session revocations from Redis failed again: %s", ex));
		}
	}

	/**
	 * Loads the sessions revoked within the retention. A scan returns every member present from
	 * its start to its end; one added meanwhile is also in the stream, read next.
	 */
	private void loadRevokedSet() {
		double now = this.clock.millis();
		try (Cursor<ZSetOperations.TypedTuple<String>> members = this.redis.opsForZSet()
			.scan(this.revokedSetKey, ScanOptions.scanOptions().count(BATCH).build())) {
			while (members.hasNext()) {
				ZSetOperations.TypedTuple<String> member = members.next();
				Double until = member.getScore();
				if (member.getValue() != null && until != null && until > now) {
					revoked(member.getValue(), Instant.ofEpochMilli(until.longValue()));
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot load the revoked sessions from Redis (" + ex.getClass().getName() + ": "
					+ ex.getMessage() + "); reading the revocation stream only");
		}
	}

	private void loadStaleUsers() {
		String key = this.staleUsersKey;
		if (key == null) {
			return;
		}
		Instant now = this.clock.instant();
		try (Cursor<ZSetOperations.TypedTuple<String>> members = this.redis.opsForZSet()
			.scan(key, ScanOptions.scanOptions().count(BATCH).build())) {
			while (members.hasNext()) {
				ZSetOperations.TypedTuple<String> member = members.next();
				Double before = member.getScore();
				if (member.getValue() != null && before != null) {
					Instant instant = Instant.ofEpochMilli(before.longValue());
					if (now.isBefore(staleUntil(instant))) {
						stale(member.getValue(), instant);
					}
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot load the stale users from Redis (" + ex.getClass().getName() + ": " + ex.getMessage()
					+ "); reading the revocation stream only");
		}
	}

	/**
	 * Takes in the revocations made before an upgrade from 0.1, whose stream had another key, so
	 * that the access tokens of a session revoked just before the upgrade stay refused. Nothing
	 * writes to that stream any more, and 0.1 gave it no TTL: it is given one, ending when the
	 * last revocation known here stops mattering.
	 */
	private void loadLegacyStream() {
		String key = this.legacyStreamKey;
		if (key == null) {
			return;
		}
		try {
			this.redis.execute((RedisCallback<String>) (connection) -> readEntries(connection, key, "0-0", null));
			Long ttl = this.redis.getExpire(key, TimeUnit.MILLISECONDS);
			if (ttl != null && ttl == -1) {
				// Without a TTL yet: it ends once no revocation known here matters any more.
				Instant now = this.clock.instant();
				Instant last = this.revoked.values().stream().max(Instant::compareTo).orElse(now);
				this.redis.expire(key, Duration.ofMillis(Math.max(1, last.toEpochMilli() - now.toEpochMilli())));
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot load the revocations made before the upgrade from Redis (" + ex.getClass().getName()
					+ ": " + ex.getMessage() + ")");
		}
	}

	/**
	 * Reads the entries after the last one seen, without waiting, on a connection of the
	 * template's. (readEntries moves lastId on with every entry it takes in.)
	 */
	private void readNewEntries() {
		this.redis.execute(
				(RedisCallback<String>) (connection) -> readEntries(connection, this.streamKey, this.lastId, null));
	}

	/**
	 * The connection of the blocking reads, opened when there is none. A connection of Spring Data
	 * Redis runs blocking commands on a dedicated native connection that it keeps until it is
	 * closed: holding this one keeps that native connection from one read to the next.
	 */
	private RedisConnection blockingConnection() {
		RedisConnection connection = this.blockingConnection;
		if (connection == null) {
			connection = this.redis.getRequiredConnectionFactory().getConnection();
			this.blockingConnection = connection;
		}
		return connection;
	}

	private void closeBlockingConnection() {
		RedisConnection connection = this.blockingConnection;
		this.blockingConnection = null;
		if (connection != null) {
			try {
				connection.close();
			}
			catch (RuntimeException ex) {
				logger.debug(LogMessage.format("Closing the connection of the revocation stream failed: %s", ex));
			}
		}
	}

	/**
	 * Takes in every entry of a stream after an id, in batches, the first read waiting up to
	 * {@code block} (none when {@code null}).
	 * @return the id of the last entry read
	 */
	private String readEntries(RedisConnection connection, String key, String after, @Nullable Duration block) {
		StreamReadOptions plain = StreamReadOptions.empty().count(BATCH);
		StreamReadOptions options = (block != null) ? plain.block(block) : plain;
		byte[] rawKey = key.getBytes(StandardCharsets.UTF_8);
		String lastId = after;
		while (true) {
			List<ByteRecord> records = connection.streamCommands()
				.xRead(options, StreamOffset.create(rawKey, ReadOffset.from(lastId)));
			options = plain;
			if (records == null || records.isEmpty()) {
				return lastId;
			}
			for (ByteRecord record : records) {
				accept(strings(record.getValue()));
				lastId = record.getId().getValue();
				if (key.equals(this.streamKey)) {
					this.lastId = lastId;
				}
			}
			if (records.size() < BATCH) {
				return lastId;
			}
		}
	}

	private static Map<String, String> strings(Map<byte[], byte[]> entry) {
		Map<String, String> strings = new HashMap<>(entry.size() * 2);
		entry.forEach((field, value) -> strings.put(new String(field, StandardCharsets.UTF_8),
				new String(value, StandardCharsets.UTF_8)));
		return strings;
	}

	/**
	 * Takes in one stream entry, kept at most a retention from now. (The entry's id tells when
	 * Redis took it, but on Redis's clock, which need not be the application's.)
	 */
	private void accept(Map<String, String> entry) {
		String user = entry.get("user");
		String before = entry.get("before");
		if (user != null && before != null) {
			try {
				stale(user, Instant.ofEpochMilli(Long.parseLong(before)));
			}
			catch (NumberFormatException ex) {
				logger.debug(LogMessage.format("Ignoring a malformed stale entry of user %s", user));
			}
			return;
		}
		String sessionId = entry.get("sid");
		String until = entry.get("until");
		if (sessionId == null || until == null) {
			return;
		}
		try {
			Instant revokedUntil = Instant.ofEpochMilli(Long.parseLong(until));
			revoked(sessionId, rememberedUntil(this.clock.instant(), revokedUntil));
		}
		catch (NumberFormatException ex) {
			logger.debug(LogMessage.format("Ignoring a malformed revocation entry of session %s", sessionId));
		}
	}

	private void purgeExpired() {
		Instant now = this.clock.instant();
		if (now.isBefore(this.lastPurge.plus(PURGE_INTERVAL))) {
			return;
		}
		this.lastPurge = now;
		this.revoked.values().removeIf((until) -> !now.isBefore(until));
		this.staleUsers.values().removeIf((before) -> !now.isBefore(staleUntil(before)));
	}

}
