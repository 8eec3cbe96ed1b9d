package io.github.wxminiauth.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.wxminiauth.test.Eventually;
import io.github.wxminiauth.test.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RevocationFeed} against a real Redis: how it follows the revocation stream.
 */
class RevocationFeedTests {

	private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	private TestRedis testRedis;

	private StringRedisTemplate writer;

	private RevocationFeed feed;

	@BeforeEach
	void setUp() {
		this.testRedis = new TestRedis();
		this.writer = this.testRedis.connect();
	}

	@AfterEach
	void tearDown() {
		if (this.feed != null) {
			this.feed.stop();
		}
		this.testRedis.close();
	}

	@Test
	void blockingReadsTakeInAnEntryLongBeforeThePollIntervalEnds() {
		this.feed = feed(this.testRedis.connect(Duration.ofSeconds(60)), Duration.ofSeconds(30));
		this.feed.start();
		revoke("sid-1");
		assertThat(Eventually.holds(() -> this.feed.isRevoked("sid-1"), Duration.ofSeconds(5))).isTrue();
		revoke("sid-2");
		assertThat(Eventually.holds(() -> this.feed.isRevoked("sid-2"), Duration.ofSeconds(5))).isTrue();
		assertThat(this.feed.isBlocking()).isTrue();
	}

	@Test
	void aClientThatGivesUpBeforeTheBlockEndsMakesTheFeedPoll() {
		// Commands time out after 300 ms, a blocking read would wait 1 s: blocking reads fail while
		// plain ones work.
		this.feed = feed(this.testRedis.connect(Duration.ofMillis(300)), Duration.ofSeconds(1));
		this.feed.start();
		assertThat(Eventually.holds(() -> !this.feed.isBlocking(), Duration.ofSeconds(10))).isTrue();
		revoke("sid-1");
		assertThat(Eventually.holds(() -> this.feed.isRevoked("sid-1"), Duration.ofSeconds(5)))
			.as("read by polling")
			.isTrue();
	}

	@Test
	void stopEndsABlockedRead() {
		this.feed = feed(this.testRedis.connect(Duration.ofSeconds(60)), Duration.ofSeconds(30));
		this.feed.start();
		this.feed.stop();
		assertThat(this.feed.isRunning()).isFalse();
		revoke("sid-1");
		this.feed.poll();
		assertThat(this.feed.isRevoked("sid-1")).as("a plain read after the stop").isTrue();
	}

	private RevocationFeed feed(StringRedisTemplate redis, Duration pollInterval) {
		return new RevocationFeed(redis, streamKey(), this.testRedis.prefix + "revoked-sessions", this.clock,
				pollInterval);
	}

	private void revoke(String sessionId) {
		long until = START.plus(Duration.ofHours(2)).toEpochMilli();
		this.writer.opsForStream()
			.add(StreamRecords.string(Map.of("sid", sessionId, "until", Long.toString(until))).withStreamKey(streamKey()));
	}

	private String streamKey() {
		return this.testRedis.prefix + "revocations";
	}

}
