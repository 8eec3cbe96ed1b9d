package io.github.wxminiauth.wechat.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@link RestWxApiClient}'s connection pool is sized from {@code maxConnections}:
 * the fake WeChat counts how many requests it holds at once.
 */
class RestWxApiClientPoolTests {

	private static final WxApp APP = new WxApp("default", "wx0123456789abcdef", "app-secret-0123456789");

	private static final int CALLS = 20;

	private final ConcurrencyCounter counter = new ConcurrencyCounter();

	private final WireMockServer wireMock = new WireMockServer(
			wireMockConfig().dynamicPort().containerThreads(CALLS * 3).extensions(this.counter));

	@BeforeEach
	void start() {
		this.wireMock.start();
		this.wireMock.stubFor(get(urlPathEqualTo("/sns/jscode2session"))
			.willReturn(aResponse().withBody("{\"openid\":\"o-user\",\"session_key\":\"c2Vzc2lvbg==\"}")));
	}

	@AfterEach
	void stop() {
		this.wireMock.stop();
	}

	@Test
	void twentyConnectionsServeTwentyCallsAtOnce() throws Exception {
		// Each request waits until all twenty are in: that only happens if none queues for a connection.
		this.counter.holdUntil(CALLS, Duration.ofSeconds(10));
		assertThat(callConcurrently(20)).isEqualTo(CALLS);
		assertThat(this.counter.maxInFlight()).isEqualTo(CALLS);
	}

	@Test
	void fiveConnectionsNeverServeMoreThanFiveCallsAtOnce() throws Exception {
		// Twenty never arrive together: each request is held briefly, so the pool's cap shows.
		this.counter.holdUntil(CALLS, Duration.ofMillis(300));
		assertThat(callConcurrently(5)).isEqualTo(CALLS);
		assertThat(this.counter.maxInFlight()).isEqualTo(5);
	}

	private int callConcurrently(int maxConnections) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(CALLS);
		try (RestWxApiClient client = RestWxApiClient.builder(JsonMapper.builder().build())
			.baseUrl(this.wireMock.baseUrl())
			.readTimeout(Duration.ofSeconds(20))
			.maxConnections(maxConnections)
			.build()) {
			List<Future<WxSession>> sessions = new ArrayList<>();
			for (int i = 0; i < CALLS; i++) {
				sessions.add(executor.submit(() -> client.code2Session(APP, "the-code")));
			}
			int succeeded = 0;
			for (Future<WxSession> session : sessions) {
				if ("o-user".equals(session.get(30, TimeUnit.SECONDS).openid())) {
					succeeded++;
				}
			}
			return succeeded;
		}
		finally {
			executor.shutdownNow();
		}
	}

	static final class ConcurrencyCounter implements ResponseDefinitionTransformerV2 {

		private final AtomicInteger inFlight = new AtomicInteger();

		private final AtomicInteger maxInFlight = new AtomicInteger();

		private volatile CountDownLatch allArrived = new CountDownLatch(0);

		private volatile Duration hold = Duration.ZERO;

		void holdUntil(int arrivals, Duration hold) {
			this.allArrived = new CountDownLatch(arrivals);
			this.hold = hold;
		}

		int maxInFlight() {
			return this.maxInFlight.get();
		}

		@Override
		public ResponseDefinition transform(ServeEvent serveEvent) {
			this.maxInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
			try {
				this.allArrived.countDown();
				this.allArrived.await(this.hold.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.inFlight.decrementAndGet();
			}
			return serveEvent.getResponseDefinition();
		}

		@Override
		public String getName() {
			return "concurrency-counter";
		}

	}

}
