package io.github.wxminiauth.redis;

import java.time.Duration;
import java.time.Instant;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.wxminiauth.test.Eventually;
import io.github.wxminiauth.test.MutableClock;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.resource.ClientResources;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.RedisCallback;
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

	@Test
	void blockingReadsKeepOneConnectionOfTheirOwnClosedWhenTheFeedStops() throws InterruptedException {
		ClientResources resources = ClientResources.create();
		try {
			List<String> opened = openedConnections(resources);
			this.feed = feed(this.testRedis.connect(resources), Duration.ofMillis(50));
			this.feed.start();
			revoke("sid-1");
			assertThat(Eventually.holds(() -> this.feed.isRevoked("sid-1"), Duration.ofSeconds(5))).isTrue();
			String blocking = awaitBlockingReader(opened, null);
			int openedSoFar = opened.size();

			// Some 20 blocking reads of 50 ms each, then one more that an entry wakes.
			Thread.sleep(1000);
			revoke("sid-2");
			assertThat(Eventually.holds(() -> this.feed.isRevoked("sid-2"), Duration.ofSeconds(5))).isTrue();
			assertThat(opened).as("no connection opened after the first blocking read").hasSize(openedSoFar);
			assertThat(blockingReader(opened)).isEqualTo(blocking);

			this.feed.stop();
			assertThat(Eventually.holds(() -> !clientList().contains("addr=" + blocking + " "), Duration.ofSeconds(5)))
				.as("closed when the feed stops")
				.isTrue();
		}
		finally {
			resources.shutdown();
		}
	}

	@Test
	void aBlockingConnectionThatRedisDropsIsReplacedAndTheFeedGoesOnBlocking() {
		ClientResources resources = ClientResources.create();
		try {
			List<String> opened = openedConnections(resources);
			this.feed = feed(this.testRedis.connect(resources), Duration.ofMillis(50));
			this.feed.start();
			String blocking = awaitBlockingReader(opened, null);
			String[] hostAndPort = blocking.split(":");
			this.writer.execute((RedisCallback<Void>) (connection) -> {
				connection.serverCommands().killClient(hostAndPort[0], Integer.parseInt(hostAndPort[1]));
				return null;
			});
			revoke("sid-1");
			assertThat(Eventually.holds(() -> this.feed.isRevoked("sid-1"), Duration.ofSeconds(5))).isTrue();
			assertThat(awaitBlockingReader(opened, blocking)).as("another connection").isNotEqualTo(blocking);
			assertThat(this.feed.isBlocking()).as("a dropped connection is no reason to poll").isTrue();
		}
		finally {
			resources.shutdown();
		}
	}

	/**
	 * The local addresses of the connections opened with the resources, as they open.
	 */
	private static List<String> openedConnections(ClientResources resources) {
		List<String> opened = new CopyOnWriteArrayList<>();
		resources.eventBus().get().subscribe((event) -> {
			if (event instanceof ConnectionActivatedEvent activated
					&& activated.localAddress() instanceof InetSocketAddress local) {
				opened.add(local.getAddress().getHostAddress() + ":" + local.getPort());
			}
		});
		return opened;
	}

	/**
	 * The address of the one connection of those opened that Redis lists as blocked ({@code b}) in XREAD, or
	 * {@code null} when there is none.
	 */
	private @Nullable String blockingReader(List<String> opened) {
		List<String> readers = new ArrayList<>();
		for (String client : clientList().split("\n")) {
			for (String address : opened) {
				if (client.contains("addr=" + address + " ") && client.contains(" cmd=xread")
						&& client.matches(".* flags=[a-zA-Z]*b.*")) {
					readers.add(address);
				}
			}
		}
		return (readers.size() == 1) ? readers.get(0) : null;
	}

	private String awaitBlockingReader(List<String> opened, @Nullable String other) {
		String[] reader = new String[1];
		assertThat(Eventually.holds(() -> {
			reader[0] = blockingReader(opened);
			return reader[0] != null && !reader[0].equals(other);
		}, Duration.ofSeconds(5))).as("a connection blocked in XREAD").isTrue();
		return reader[0];
	}

	/**
	 * Redis's own list of its clients, a line each ({@code … addr=… cmd=…}).
	 */
	private String clientList() {
		Object list = this.writer.execute(
				(RedisCallback<Object>) (connection) -> connection.execute("CLIENT", "LIST".getBytes(StandardCharsets.US_ASCII)));
		return (list instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(list);
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
